using Mla.Storage.Locks;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mla.Contracts.Clusters;
using Mla.Tenants.Authorities;
using Mla.Tenants.Credentials;
using Mla.Tenants.Purge;
using Mla.Tenants.Reconciliation;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Mla.Tenants.Tests.Fakes;

/// <summary>A reconciler with real credentials, in-memory stores, a recorded bus and a manual clock.</summary>
internal sealed class ReconcilerHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public ReconcilerHarness(TenantsOptions? options = null, ITenantDataPurge? purge = null)
    {
        var settings = MsOptions.Create(options ?? new TenantsOptions());
        Metrics = new TenantMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        Encryption = new KeyEncryption(RandomNumberGenerator.GetBytes(32));
        Authorities = new SeedAuthorities(AuthorityStore, Encryption, settings, Clock);
        Tokens = new TenantTokens(Store, Encryption, Clock);
        Purge = purge ?? new RecordingPurge();
        Reconciler = new TenantReconciler(
            Store, Authorities, new CertificateIssuer(Authorities, Encryption, settings, Clock), Tokens, Purge, Events, Metrics, new InProcessTenantLocks(Locks),
            settings, Clock, NullLogger<TenantReconciler>.Instance);
        Rotations = new SeedCaRotations(AuthorityStore, Authorities, Store, Reconciler, Events, settings, Clock, NullLogger<SeedCaRotations>.Instance);
    }

    public InMemoryTenantStore Store { get; } = new();

    public InMemorySeedAuthorityStore AuthorityStore { get; } = new();

    public SeedCaRotations Rotations { get; }

    public RecordingTenantEvents Events { get; } = new();

    public FakeTimeProvider Clock { get; } = new(Start);

    public StripedLock Locks { get; } = new();

    public KeyEncryption Encryption { get; }

    public TenantTokens Tokens { get; }

    public ITenantDataPurge Purge { get; }

    public SeedAuthorities Authorities { get; }

    public TenantMetrics Metrics { get; }

    public TenantReconciler Reconciler { get; }

    public double Writes => Metrics.Writes.Value;

    public double Issued => Metrics.CertificatesIssued.Value;

    public static ClusterState Cluster(string id, bool monitoring = true, bool logging = false, string seed = "eu-1", string project = "p1") =>
        new(id, "name-" + id, seed, project, "Running", monitoring, logging, new Dictionary<string, string>());

    public Task<ReconcileOutcome> ApplyAsync(ClusterState cluster, DateTimeOffset at, bool deleted = false) =>
        Reconciler.ReconcileAsync(DesiredTenant.FromCluster(cluster, deleted, at), CancellationToken.None);

    public void Dispose()
    {
        Authorities.Dispose();
        Locks.Dispose();
    }
}

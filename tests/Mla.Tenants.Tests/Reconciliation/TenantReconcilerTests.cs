using Mla.Contracts.Tenants;
using Mla.Tenants.Reconciliation;
using Mla.Tenants.Tests.Fakes;

namespace Mla.Tenants.Tests.Reconciliation;

public sealed class TenantReconcilerTests : IDisposable
{
    private readonly ReconcilerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_cluster_with_MLA_on_becomes_a_Ready_tenant_with_one_certificate()
    {
        var outcome = await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);

        Assert.Equal(ReconcileOutcome.Changed, outcome);
        var tenant = await _harness.Store.GetAsync("c1", default);
        Assert.Equal(TenantStatus.Ready, tenant!.Status);
        Assert.Equal(("eu-1", "p1", "c1"), (tenant.Seed, tenant.ProjectId, tenant.ClusterId));
        var certificate = Assert.Single(await _harness.Store.ListCertificatesAsync("c1", default));
        Assert.Equal(1, _harness.Issued);
        var provisioned = Assert.IsType<TenantProvisioned>(Assert.Single(_harness.Events.Published));
        Assert.Equal(certificate.Serial, provisioned.Tenant.CertificateSerial);
        Assert.Equal(TenantStatus.Ready, provisioned.Tenant.Status);
    }

    [Fact]
    public async Task The_same_desired_state_again_writes_nothing_and_issues_nothing()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        var (writes, issued) = (_harness.Writes, _harness.Issued);

        // A resync re-publishes with the original time: free.
        Assert.Equal(ReconcileOutcome.Unchanged, await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start));

        Assert.Equal(writes, _harness.Writes);
        Assert.Equal(issued, _harness.Issued);
        Assert.Single(_harness.Events.Published);
    }

    [Fact]
    public async Task A_newer_event_that_changes_nothing_only_advances_the_time_so_a_late_older_event_is_ignored()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        var (writes, issued) = (_harness.Writes, _harness.Issued);

        Assert.Equal(ReconcileOutcome.Unchanged, await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1", logging: true), ReconcilerHarness.Start.AddMinutes(2)));
        var late = await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1", monitoring: false), ReconcilerHarness.Start.AddMinutes(1));

        Assert.Equal(ReconcileOutcome.Stale, late);
        Assert.Equal(TenantStatus.Ready, (await _harness.Store.GetAsync("c1", default))!.Status);
        Assert.Equal((writes + 1, issued), (_harness.Writes, _harness.Issued));
        Assert.Single(_harness.Events.Published);
    }

    [Fact]
    public async Task An_event_older_than_the_state_held_is_ignored()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(5));
        var writes = _harness.Writes;

        var outcome = await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start, deleted: true);

        Assert.Equal(ReconcileOutcome.Stale, outcome);
        Assert.Equal(TenantStatus.Ready, (await _harness.Store.GetAsync("c1", default))!.Status);
        Assert.Equal(writes, _harness.Writes);
    }

    public static TheoryData<string, bool, bool, bool> Goodbyes => new()
    {
        { "monitoring and logging switched off", false, false, false },
        { "cluster deleted", true, false, true },
        { "cluster deleted with MLA still on", true, true, true },
    };

    [Theory]
    [MemberData(nameof(Goodbyes))]
    public async Task Switching_MLA_off_or_deleting_the_cluster_deletes_the_tenant_and_revokes_its_certificates(
        string because, bool monitoring, bool logging, bool deleted)
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1", logging: true), ReconcilerHarness.Start);

        var outcome = await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1", monitoring, logging), ReconcilerHarness.Start.AddMinutes(1), deleted);

        Assert.True(outcome == ReconcileOutcome.Changed, because);
        Assert.Equal(TenantStatus.Deleted, (await _harness.Store.GetAsync("c1", default))!.Status);
        Assert.All(await _harness.Store.ListCertificatesAsync("c1", default), c => Assert.NotNull(c.RevokedAt));
        var goodbye = Assert.IsType<TenantDeprovisioned>(_harness.Events.Published.Last());
        Assert.False(goodbye.Purge.Enabled);
        Assert.Equal(TenantStatus.Deleted, goodbye.Tenant.Status);

        var writes = _harness.Writes;
        Assert.Equal(ReconcileOutcome.Unchanged, await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1", monitoring, logging), ReconcilerHarness.Start.AddMinutes(1), deleted));
        Assert.Equal(writes, _harness.Writes);
    }

    [Fact]
    public async Task A_cluster_without_MLA_gets_no_tenant()
    {
        Assert.Equal(ReconcileOutcome.Unchanged, await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1", monitoring: false), ReconcilerHarness.Start));
        Assert.Null(await _harness.Store.GetAsync("c1", default));
        Assert.Equal(0, _harness.Writes);
    }

    [Fact]
    public async Task A_deleted_tenant_switched_on_again_gets_a_new_certificate()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1", monitoring: false), ReconcilerHarness.Start.AddMinutes(1));

        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(2));

        Assert.Equal(TenantStatus.Ready, (await _harness.Store.GetAsync("c1", default))!.Status);
        var certificates = await _harness.Store.ListCertificatesAsync("c1", default);
        Assert.Equal(2, certificates.Count);
        Assert.Single(certificates, c => c.RevokedAt is null);
    }

    [Fact]
    public async Task Many_events_of_one_tenant_at_once_converge_to_one_tenant_and_one_certificate()
    {
        var cluster = ReconcilerHarness.Cluster("c1");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _harness.ApplyAsync(cluster, ReconcilerHarness.Start))));

        Assert.Equal(1, _harness.Issued);
        Assert.Single(_harness.Events.Published);
    }

    [Fact]
    public async Task Tenants_of_one_seed_share_one_CA()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c2"), ReconcilerHarness.Start);
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c3", seed: "us-1"), ReconcilerHarness.Start);

        Assert.Single(await _harness.AuthorityStore.ListAsync("eu-1", default));
        Assert.Single(await _harness.AuthorityStore.ListAsync("us-1", default));
        var (eu, generation) = await _harness.Authorities.GetActiveAsync("eu-1", default);
        Assert.Equal(1, generation);
        using var c2 = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            (await _harness.Store.ListCertificatesAsync("c2", default))[0].CertificatePem);
        Assert.Equal(eu.Certificate.Subject, c2.Issuer);
        Assert.Equal("CN=c2", c2.Subject);
    }
}

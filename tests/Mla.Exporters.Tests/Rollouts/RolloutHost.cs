using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mla.Contracts;
using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;
using Mla.Exporters.Export;
using Mla.Exporters.Fleet;
using Mla.Exporters.Health;
using Mla.Exporters.Live;
using Mla.Exporters.Rollouts;
using Mla.Exporters.Tests.Support;
using Mla.Hosting.Loops;
using Mla.Storage;
using Mla.Tenants.Client;

namespace Mla.Exporters.Tests.Rollouts;

/// <summary>
/// The exporter service's parts a rollout needs, wired as the service wires them (live mode, kubeconfig files): the
/// fleet, the health board, the real export loop against the clusters' API test servers, the rollout store on a
/// SQLite file, the engine and its supervised loop. Disposing it and starting a new one on the same database is a
/// restart of the service.
/// </summary>
internal sealed class RolloutHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ExportLoop _exportLoop;
    private readonly RolloutLoop _rolloutLoop;

    private RolloutHost(string kubeconfigDirectory, string databasePath, int maxConcurrency)
    {
        Exporters = Options.Create(new ExportersOptions
        {
            Mode = ExportMode.Live,
            GatewayUrl = "https://gateway.example:8443",
            ResyncInterval = TimeSpan.FromHours(1),
            MaxConcurrency = maxConcurrency,
            Live = new LiveOptions
            {
                RecheckInterval = TimeSpan.FromMilliseconds(200),
                KubeconfigSource = KubeconfigSourceKind.Directory,
                KubeconfigDirectory = kubeconfigDirectory,
            },
        });
        var rolloutOptions = Options.Create(new RolloutOptions { SqlitePath = databasePath, Interval = TimeSpan.FromMilliseconds(200) });
        var time = TimeProvider.System;
        var metrics = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        var rolloutMetrics = new RolloutMetrics(metrics);
        Versions = new RolloutVersions();
        _services = new ServiceCollection().AddSingleton(Versions).BuildServiceProvider();
        Store = new RolloutStore(SqlDatabase.Create(rolloutOptions.Value), NullLogger<RolloutStore>.Instance);
        var target = new LiveTarget(Exporters, new DirectoryKubeconfigSource(kubeconfigDirectory), time, NullLogger<LiveTarget>.Instance);
        var exporter = new ClusterExporter(Exporters, Fleet, target, new FixedCredentials(), Board, _services, time, NullLogger<ClusterExporter>.Instance);
        var supervisor = new LoopSupervisor(Options.Create(new LoopOptions()), metrics, time, NullLogger<LoopSupervisor>.Instance);
        _exportLoop = new ExportLoop(Exporters, Fleet, exporter, Board, target, _services, time, NullLogger<ExportLoop>.Instance, supervisor);
        Engine = new RolloutEngine(Store, Versions, Fleet, Board, Exporters, Events, rolloutMetrics, time, Log);
        Commands = new RolloutCommands(Store, Exporters, rolloutOptions, Signal, Events, rolloutMetrics, time, NullLogger<RolloutCommands>.Instance);
        _rolloutLoop = new RolloutLoop(Engine, new RolloutRetention(Store, rolloutOptions, time, NullLogger<RolloutRetention>.Instance), Signal, rolloutOptions, supervisor);
    }

    public IOptions<ExportersOptions> Exporters { get; }

    public FleetState Fleet { get; } = new();

    public HealthBoard Board { get; } = new(TimeProvider.System);

    public RolloutVersions Versions { get; }

    public RolloutStore Store { get; }

    public RolloutEngine Engine { get; }

    public RolloutCommands Commands { get; }

    public RolloutSignal Signal { get; } = new();

    public RecordedEvents Events { get; } = new();

    public ListLogger<RolloutEngine> Log { get; } = new();

    /// <summary>Starts as the service does: schema, stored rollouts read, then the export loop and the rollout loop.</summary>
    public static async Task<RolloutHost> StartAsync(string kubeconfigDirectory, string databasePath, IEnumerable<(string Id, IReadOnlyDictionary<string, string> Labels)> clusters, int maxConcurrency = 8)
    {
        var host = new RolloutHost(kubeconfigDirectory, databasePath, maxConcurrency);
        await host.Store.MigrateAsync(CancellationToken.None);
        await host.Engine.LoadAsync(CancellationToken.None);
        foreach (var (id, labels) in clusters)
        {
            host.AddCluster(id, labels);
        }

        await host._exportLoop.StartAsync(CancellationToken.None);
        await host._rolloutLoop.StartAsync(CancellationToken.None);
        return host;
    }

    /// <summary>A cluster and its Ready tenant, as their events would bring them.</summary>
    public void AddCluster(string id, IReadOnlyDictionary<string, string> labels)
    {
        Fleet.ObserveCluster(new ClusterState(id, id, "s1", "p1", "Running", true, true, labels), DateTimeOffset.UtcNow, deleted: false);
        Fleet.ObserveTenant(new TenantState(id, id, "s1", "p1", TenantStatus.Ready, SpecCases.Limits, "01", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow));
    }

    public async ValueTask DisposeAsync()
    {
        await _rolloutLoop.StopAsync(CancellationToken.None);
        await _exportLoop.StopAsync(CancellationToken.None);
        _rolloutLoop.Dispose();
        _exportLoop.Dispose();
        Signal.Dispose();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>The rollout events, in order.</summary>
    internal sealed class RecordedEvents : IRolloutEvents
    {
        public ConcurrentQueue<IIntegrationEvent> All { get; } = new();

        public Task PublishAsync(IIntegrationEvent message, CancellationToken cancellationToken)
        {
            All.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    private sealed class FixedCredentials : ICredentialsSource
    {
        private static readonly Mla.Exporters.Desired.AgentCredentials Issued = TestPki.Create("rollouts");

        public Task<TenantCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<TenantCredentials?>(new TenantCredentials(Issued.CertificatePem, Issued.PrivateKeyPem, Issued.CaBundlePem, null, null));
    }
}

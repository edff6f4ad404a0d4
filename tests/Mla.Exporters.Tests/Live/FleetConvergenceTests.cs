using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;
using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;
using Mla.Exporters.Export;
using Mla.Exporters.Fleet;
using Mla.Exporters.Health;
using Mla.Exporters.Live;
using Mla.Exporters.Tests.Support;
using Mla.Hosting.Loops;
using Mla.Kubernetes.TestServer;
using Mla.Tenants.Client;

namespace Mla.Exporters.Tests.Live;

/// <summary>
/// A fleet of simulated clusters (one API test server each) worked by the real export loop: all converge to Healthy
/// while one unreachable cluster is retried with back-off; then an idle pass over every cluster makes zero write calls
/// (counted on the servers). Fleet size: <c>MLA_EXPORTERS_FLEET</c> (default 200; the bench runs 1,000).
/// </summary>
public sealed class FleetConvergenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly int FleetSize = int.TryParse(Environment.GetEnvironmentVariable("MLA_EXPORTERS_FLEET"), out var n) ? n : 1000;

    [Fact]
    public async Task Every_cluster_converges_an_unreachable_one_is_retried_with_back_off_and_an_idle_pass_writes_nothing()
    {
        using var kubeconfigs = new TempDirectory();
        var servers = new List<KubeApiServer>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < FleetSize; i++)
            {
                var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromMilliseconds(100) });
                server.WriteKubeconfig(Path.Combine(kubeconfigs.Path, Id(i) + ".kubeconfig"));
                servers.Add(server);
            }

            output.WriteLine($"{FleetSize} API test servers started in {clock.Elapsed.TotalSeconds:F1} s");
            clock.Restart();
            var unreachable = servers[FleetSize / 2];
            unreachable.Unavailable = true;
            var options = Options.Create(new ExportersOptions
            {
                Mode = ExportMode.Live,
                GatewayUrl = "https://gateway.example:8443",
                ResyncInterval = TimeSpan.FromHours(1),
                MaxConcurrency = 8,
                Live = new LiveOptions { RecheckInterval = TimeSpan.FromMilliseconds(300), KubeconfigSource = KubeconfigSourceKind.Directory, KubeconfigDirectory = kubeconfigs.Path },
            });
            var fleet = new FleetState();
            var board = new HealthBoard(TimeProvider.System);
            var target = new LiveTarget(options, new DirectoryKubeconfigSource(kubeconfigs.Path), TimeProvider.System, NullLogger<LiveTarget>.Instance);
            using var services = new ServiceCollection().BuildServiceProvider();
            var exporter = new ClusterExporter(options, fleet, target, new FixedCredentials(), board, services, TimeProvider.System, NullLogger<ClusterExporter>.Instance);
            var supervisor = new LoopSupervisor(Options.Create(new LoopOptions()), Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger<LoopSupervisor>.Instance);
            using var loop = new ExportLoop(options, fleet, exporter, board, target, services, TimeProvider.System, NullLogger<ExportLoop>.Instance, supervisor);
            for (var i = 0; i < FleetSize; i++)
            {
                fleet.ObserveCluster(new ClusterState(Id(i), Id(i), "s1", "p1", "Running", true, true, new Dictionary<string, string>()), DateTimeOffset.UtcNow, deleted: false);
                fleet.ObserveTenant(Tenant(Id(i)));
            }

            await loop.StartAsync(CancellationToken.None);
            try
            {
                var reachable = Enumerable.Range(0, FleetSize).Select(Id).Where(id => id != Id(FleetSize / 2)).ToList();
                await WaitAsync(() => reachable.All(id => board.Get(id)?.Status == AgentStatus.Healthy), TimeSpan.FromMinutes(5), () => Describe(board));
                output.WriteLine($"{FleetSize - 1} clusters Healthy in {clock.Elapsed.TotalSeconds:F1} s");
                Assert.Equal(AgentStatus.Unreachable, board.Get(Id(FleetSize / 2))!.Status);
                Assert.Contains("503", board.Get(Id(FleetSize / 2))!.Reason, StringComparison.Ordinal);

                // Back-off: a few attempts, not one per tick (1 s, 2 s, 4 s … apart).
                var attempts = board.Passes(Id(FleetSize / 2));
                await WaitAsync(() => board.Passes(Id(FleetSize / 2)) > attempts, TimeSpan.FromSeconds(30), () => "no retry of the unreachable cluster");
                Assert.True(board.Passes(Id(FleetSize / 2)) < 12, $"{board.Passes(Id(FleetSize / 2))} passes: no back-off");

                // The idle periodic check: every cluster once more; the servers count zero writes.
                foreach (var server in servers)
                {
                    server.Requests.Reset();
                }

                var before = reachable.ToDictionary(id => id, board.Passes);
                clock.Restart();
                foreach (var id in reachable)
                {
                    fleet.MarkDirty(id);
                }

                await WaitAsync(() => reachable.All(id => board.Passes(id) > before[id]), TimeSpan.FromMinutes(5), () => "idle pass did not finish");
                output.WriteLine($"idle periodic check of {reachable.Count} clusters in {clock.Elapsed.TotalSeconds:F1} s");
                Assert.Equal(0, servers.Where(s => s != unreachable).Sum(s => s.Requests.Writes));
                Assert.All(servers.Where(s => s != unreachable), s => Assert.True(s.Requests.Count("list") > 0));
                Assert.All(reachable, id => Assert.Equal(AgentStatus.Healthy, board.Get(id)!.Status));

                // The cluster comes back: it converges too.
                unreachable.Unavailable = false;
                await WaitAsync(() => board.Get(Id(FleetSize / 2))?.Status == AgentStatus.Healthy, TimeSpan.FromMinutes(2), () => Describe(board));
            }
            finally
            {
                await loop.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static string Id(int i) => $"c{i:D4}";

    private static TenantState Tenant(string id) => new(
        id, id, "s1", "p1", TenantStatus.Ready, SpecCases.Limits, "01", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow);

    private static string Describe(HealthBoard board) =>
        string.Join(", ", board.All().GroupBy(s => s.Status).Select(g => $"{g.Key}: {g.Count()} ({g.First().ClusterId}: {g.First().Reason})"));

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out: " + describe());
            await Task.Delay(100);
        }
    }

    private sealed class FixedCredentials : ICredentialsSource
    {
        private static readonly Mla.Exporters.Desired.AgentCredentials Issued = TestPki.Create("fleet");
        private readonly ConcurrentDictionary<string, int> _calls = new();

        public Task<TenantCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken)
        {
            _calls.AddOrUpdate(tenantId, 1, (_, n) => n + 1);
            return Task.FromResult<TenantCredentials?>(new TenantCredentials(Issued.CertificatePem, Issued.PrivateKeyPem, Issued.CaBundlePem, null, null));
        }
    }
}

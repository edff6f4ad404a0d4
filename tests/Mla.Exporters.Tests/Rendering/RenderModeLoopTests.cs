using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;
using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;
using Mla.Exporters.Export;
using Mla.Exporters.Fleet;
using Mla.Exporters.Health;
using Mla.Exporters.Tests.Support;
using Mla.Hosting.Loops;
using Mla.Tenants.Client;

namespace Mla.Exporters.Tests.Rendering;

/// <summary>The export loop in render mode: events in, one folder per seed and cluster out; MLA off or the tenant gone removes it.</summary>
public sealed class RenderModeLoopTests
{
    [Fact]
    public async Task Folders_follow_the_fleet_state()
    {
        using var temp = new TempDirectory();
        var options = Options.Create(new ExportersOptions { RenderDirectory = temp.Path, GatewayUrl = "https://gw.example:8443/api/v1/push", ResyncInterval = TimeSpan.FromHours(1) });
        var fleet = new FleetState();
        var board = new HealthBoard(TimeProvider.System);
        var target = new RenderTarget(options, new NoRenderedAgentHealth(), NullLogger<RenderTarget>.Instance);
        using var services = new ServiceCollection().BuildServiceProvider();
        var credentials = TestPki.Create("x");
        var exporter = new ClusterExporter(options, fleet, target, new Credentials(credentials), board, services, TimeProvider.System, NullLogger<ClusterExporter>.Instance);
        var supervisor = new LoopSupervisor(Options.Create(new LoopOptions()), Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger<LoopSupervisor>.Instance);
        using var loop = new ExportLoop(options, fleet, exporter, board, target, services, TimeProvider.System, NullLogger<ExportLoop>.Instance, supervisor);
        await loop.StartAsync(CancellationToken.None);
        try
        {
            var cluster = new ClusterState("c1", "c1", "s1", "p1", "Running", true, false, new Dictionary<string, string> { ["mla.k8c.io/profile"] = "edge" });
            fleet.ObserveCluster(cluster, DateTimeOffset.UtcNow, deleted: false);
            Assert.False(Directory.Exists(Path.Combine(temp.Path, "s1", "c1")));
            fleet.ObserveTenant(Tenant("c1", TenantStatus.Ready));

            var folder = Path.Combine(temp.Path, "s1", "c1");
            await WaitAsync(() => board.Get("c1")?.Status == AgentStatus.Pending && Directory.Exists(folder));
            Assert.Contains(Directory.EnumerateFiles(folder), f => f.EndsWith("statefulset-mla-metrics-agent.yaml", StringComparison.Ordinal));
            Assert.DoesNotContain(Directory.EnumerateFiles(folder), f => f.Contains("mla-log-agent", StringComparison.Ordinal));
            var statefulSet = File.ReadAllText(Directory.EnumerateFiles(folder, "*statefulset*").Single());
            Assert.Contains("sizeLimit: 256Mi", statefulSet, StringComparison.Ordinal);
            Assert.Contains("-remoteWrite.url=https://gw.example:8443/api/v1/push", statefulSet, StringComparison.Ordinal);

            fleet.ObserveCluster(cluster with { MonitoringEnabled = false }, DateTimeOffset.UtcNow.AddSeconds(1), deleted: false);
            await WaitAsync(() => !Directory.Exists(folder));
            Assert.Equal(AgentStatus.Removed, board.Get("c1")!.Status);
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    private static TenantState Tenant(string id, TenantStatus status) => new(
        id, id, "s1", "p1", status, SpecCases.Limits, "01", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow);

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    private sealed class Credentials(Mla.Exporters.Desired.AgentCredentials issued) : ICredentialsSource
    {
        public Task<TenantCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<TenantCredentials?>(new TenantCredentials(issued.CertificatePem, issued.PrivateKeyPem, issued.CaBundlePem, null, null));
    }
}

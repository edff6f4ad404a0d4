using System.Text.Json.Nodes;
using Mla.Exporters.Desired;
using Mla.Exporters.Tests.Support;
using Mla.Kubernetes.TestServer;

namespace Mla.Exporters.Tests.Rollouts;

/// <summary>User clusters as Kubernetes API test servers (one each), with their kubeconfig files in one folder.</summary>
internal sealed class SimulatedClusters : IAsyncDisposable
{
    private readonly TimeSpan _readyDelay;

    private SimulatedClusters(TimeSpan readyDelay) => _readyDelay = readyDelay;

    public TempDirectory Kubeconfigs { get; } = new();

    public Dictionary<string, KubeApiServer> Servers { get; } = new(StringComparer.Ordinal);

    public static async Task<SimulatedClusters> StartAsync(IEnumerable<string> ids, TimeSpan readyDelay)
    {
        var clusters = new SimulatedClusters(readyDelay);
        await Task.WhenAll(ids.Select(clusters.AddAsync));
        return clusters;
    }

    public async Task AddAsync(string id)
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = _readyDelay });
        server.WriteKubeconfig(Path.Combine(Kubeconfigs.Path, id + ".kubeconfig"));
        lock (Servers)
        {
            Servers[id] = server;
        }
    }

    /// <summary>The metrics agent's StatefulSet in the cluster (null before the first apply).</summary>
    public JsonObject? MetricsAgent(string id) => Servers[id].Get("apps/v1", "StatefulSet", ManagedLabels.Namespace, AgentComponents.MetricsAgent);

    /// <summary>The image of the metrics agent's container in the cluster, as stored in its API server.</summary>
    public string? MetricsAgentImage(string id) =>
        MetricsAgent(id)?["spec"]?["template"]?["spec"]?["containers"]?.AsArray()
            .Select(c => c!["image"]!.GetValue<string>())
            .Single();

    public long Generation(string id) => MetricsAgent(id)?["metadata"]?["generation"] is { } generation ? long.Parse(generation.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Servers.Values.Select(s => s.DisposeAsync().AsTask()));
        Kubeconfigs.Dispose();
    }
}

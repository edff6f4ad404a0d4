using System.Text.Json.Nodes;

namespace Mla.Exporters.Export;

/// <summary>What the cluster itself adds to its desired state: exporters it already runs, extra scrape configs.</summary>
public sealed record ClusterFacts(bool HasNodeExporter, bool HasKubeStateMetrics, IReadOnlyList<JsonObject> ExtraScrapeConfigs)
{
    public static ClusterFacts None { get; } = new(false, false, []);
}

namespace Mla.Exporters.Desired;

/// <summary>
/// Everything the agents of one user cluster are built from: the cluster (monitoring/logging on), its tenant's
/// credentials and limits, the profile and the fleet-wide choices. One spec gives one set of objects, always the same.
/// </summary>
public sealed record ClusterAgentsSpec
{
    public required string ClusterId { get; init; }

    public required string Seed { get; init; }

    public bool MonitoringEnabled { get; init; } = true;

    public bool LoggingEnabled { get; init; } = true;

    public AgentProfile Profile { get; init; } = AgentProfile.Standard;

    public MetricsAgentKind MetricsAgent { get; init; } = MetricsAgentKind.VmAgent;

    public LogAgentKind LogAgent { get; init; } = LogAgentKind.FluentBit;

    public required AgentImages Images { get; init; }

    public required AgentCredentials Credentials { get; init; }

    /// <summary>The seed gateway's base URL (<c>https://gateway.seed:8443</c>); push paths are appended.</summary>
    public required Uri GatewayUrl { get; init; }

    public AgentLimits Limits { get; init; } = AgentLimits.None;

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Install node-exporter (skipped anyway when the cluster already runs one).</summary>
    public bool NodeExporter { get; init; } = true;

    /// <summary>Install kube-state-metrics (skipped anyway when the cluster already runs one).</summary>
    public bool KubeStateMetrics { get; init; } = true;

    /// <summary>The cluster already runs a node-exporter outside MLA (found by its standard labels).</summary>
    public bool ClusterHasNodeExporter { get; init; }

    /// <summary>The cluster already runs a kube-state-metrics outside MLA (found by its standard labels).</summary>
    public bool ClusterHasKubeStateMetrics { get; init; }

    /// <summary>Extra scrape configs from ConfigMaps labelled <c>mla.k8c.io/scrape-config=true</c> (YAML list items), in name order.</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonObject> ExtraScrapeConfigs { get; init; } = [];

    /// <summary>Image override per component during a rollout (component name → image).</summary>
    public IReadOnlyDictionary<string, string> ImageOverrides { get; init; } = new Dictionary<string, string>();

    public bool AnyAgent => MonitoringEnabled || LoggingEnabled;
}

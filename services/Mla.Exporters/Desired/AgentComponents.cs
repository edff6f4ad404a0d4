namespace Mla.Exporters.Desired;

/// <summary>The names of the objects MLA puts into <c>mla-system</c> (also the component names of rollouts).</summary>
public static class AgentComponents
{
    public const string MetricsAgent = "mla-metrics-agent";
    public const string LogAgent = "mla-log-agent";
    public const string NodeExporter = "mla-node-exporter";
    public const string KubeStateMetrics = "mla-kube-state-metrics";
    public const string CredentialsSecret = "mla-agent-credentials";
}

using Mla.Exporters.Desired;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// The components a rollout can move: the keys of <c>Mla:Exporters:Images</c>, or the role names
/// <c>metrics-agent</c>, <c>log-agent</c>, <c>node-exporter</c>, <c>kube-state-metrics</c> (the agent kinds configured
/// now decide which image key a role name means).
/// </summary>
public static class RolloutComponents
{
    public const string VmAgent = nameof(AgentImages.VmAgent);
    public const string Prometheus = nameof(AgentImages.Prometheus);
    public const string FluentBit = nameof(AgentImages.FluentBit);
    public const string Alloy = nameof(AgentImages.Alloy);
    public const string NodeExporter = nameof(AgentImages.NodeExporter);
    public const string KubeStateMetrics = nameof(AgentImages.KubeStateMetrics);

    public static IReadOnlyList<string> Keys { get; } = [VmAgent, Prometheus, FluentBit, Alloy, NodeExporter, KubeStateMetrics];

    public static IReadOnlyList<string> RoleNames { get; } = ["metrics-agent", "log-agent", "node-exporter", "kube-state-metrics"];

    /// <summary>The image key a requested component means, or null when it names none.</summary>
    public static string? Resolve(string? requested, ExportersOptions settings)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return null;
        }

        var name = requested.Trim();
        if (name.StartsWith("mla-", StringComparison.Ordinal))
        {
            name = name[4..];
        }

        return name.ToLowerInvariant() switch
        {
            "metrics-agent" => settings.MetricsAgent == MetricsAgentKind.VmAgent ? VmAgent : Prometheus,
            "log-agent" => settings.LogAgent == LogAgentKind.FluentBit ? FluentBit : Alloy,
            "node-exporter" => NodeExporter,
            "kube-state-metrics" => KubeStateMetrics,
            _ => Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>The name the health board lists the component's image under (<c>mla-metrics-agent</c> …).</summary>
    public static string BoardName(string key) => key switch
    {
        VmAgent or Prometheus => AgentComponents.MetricsAgent,
        FluentBit or Alloy => AgentComponents.LogAgent,
        NodeExporter => AgentComponents.NodeExporter,
        _ => AgentComponents.KubeStateMetrics,
    };

    public static string Get(AgentImages images, string key) => key switch
    {
        VmAgent => images.VmAgent,
        Prometheus => images.Prometheus,
        FluentBit => images.FluentBit,
        Alloy => images.Alloy,
        NodeExporter => images.NodeExporter,
        KubeStateMetrics => images.KubeStateMetrics,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not an image key"),
    };

    public static void Set(AgentImages images, string key, string image)
    {
        switch (key)
        {
            case VmAgent: images.VmAgent = image; break;
            case Prometheus: images.Prometheus = image; break;
            case FluentBit: images.FluentBit = image; break;
            case Alloy: images.Alloy = image; break;
            case NodeExporter: images.NodeExporter = image; break;
            case KubeStateMetrics: images.KubeStateMetrics = image; break;
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "not an image key");
        }
    }
}

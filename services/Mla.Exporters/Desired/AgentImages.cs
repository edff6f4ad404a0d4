using System.ComponentModel.DataAnnotations;

namespace Mla.Exporters.Desired;

/// <summary>Section <c>Mla:Exporters:Images</c>: every image the agents run, pinned by tag or digest (never <c>latest</c>).</summary>
public sealed class AgentImages : IValidatableObject
{
    [Required]
    public string VmAgent { get; set; } = "docker.io/victoriametrics/vmagent:v1.79.5";

    [Required]
    public string Prometheus { get; set; } = "quay.io/prometheus/prometheus:v2.42.0";

    [Required]
    public string FluentBit { get; set; } = "cr.fluentbit.io/fluent/fluent-bit:2.2.2";

    [Required]
    public string Alloy { get; set; } = "docker.io/grafana/alloy:v1.5.1";

    [Required]
    public string NodeExporter { get; set; } = "quay.io/prometheus/node-exporter:v1.5.0";

    [Required]
    public string KubeStateMetrics { get; set; } = "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, image) in All())
        {
            if (!IsPinned(image))
            {
                yield return new ValidationResult($"'{image}' is not pinned: give a tag other than latest, or a digest (@sha256:…)", [name]);
            }
        }
    }

    public IEnumerable<(string Name, string Image)> All() =>
    [
        (nameof(VmAgent), VmAgent), (nameof(Prometheus), Prometheus), (nameof(FluentBit), FluentBit),
        (nameof(Alloy), Alloy), (nameof(NodeExporter), NodeExporter), (nameof(KubeStateMetrics), KubeStateMetrics),
    ];

    /// <summary>True for <c>repo@sha256:…</c> and <c>repo:tag</c> with a tag other than <c>latest</c>.</summary>
    public static bool IsPinned(string image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return false;
        }

        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return true;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > lastSlash && image[(colon + 1)..] is { Length: > 0 } tag && tag != "latest";
    }

    public AgentImages Copy() => (AgentImages)MemberwiseClone();
}

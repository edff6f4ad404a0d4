using System.ComponentModel.DataAnnotations;
using Mla.Exporters.Desired;
using Mla.Hosting.Options;
using Mla.Tenants.Client;

namespace Mla.Exporters;

/// <summary>Section <c>Mla:Exporters</c>.</summary>
public sealed class ExportersOptions : IValidatableObject
{
    public const string SectionName = "Mla:Exporters";

    /// <summary><c>Render</c> (files, GitOps) or <c>Live</c> (server-side apply into each user cluster).</summary>
    public ExportMode Mode { get; set; } = ExportMode.Render;

    /// <summary>Render mode: the folder that gets one sub-folder per seed and cluster.</summary>
    public string? RenderDirectory { get; set; }

    public MetricsAgentKind MetricsAgent { get; set; } = MetricsAgentKind.VmAgent;

    public LogAgentKind LogAgent { get; set; } = LogAgentKind.FluentBit;

    /// <summary>The profile of a cluster without label <c>mla.k8c.io/profile</c> whose seed has none in <see cref="SeedProfiles"/>.</summary>
    public AgentProfile DefaultProfile { get; set; } = AgentProfile.Standard;

    /// <summary>Profile per seed (seed name → <c>Standard</c>/<c>Edge</c>); a cluster's label overrides it.</summary>
    public Dictionary<string, AgentProfile> SeedProfiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Install node-exporter where the cluster runs none.</summary>
    public bool NodeExporter { get; set; } = true;

    /// <summary>Install kube-state-metrics where the cluster runs none.</summary>
    public bool KubeStateMetrics { get; set; } = true;

    [ValidateNested]
    public AgentImages Images { get; set; } = new();

    /// <summary>The gateway URL per seed the agents push to; a seed without one uses <see cref="GatewayUrl"/> or the URL the tenant service names.</summary>
    public Dictionary<string, string> GatewayUrls { get; set; } = new(StringComparer.Ordinal);

    public string? GatewayUrl { get; set; }

    /// <summary>Remote-write bytes per sample (snappy-compressed protobuf), to turn a tenant's samples/s into vmagent's bytes/s rate limit.</summary>
    [Range(1, 1024)]
    public int BytesPerSample { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every cluster is checked again (drift repair, health) besides the events.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many clusters are worked on at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Live mode: kubeconfig source, timeouts.</summary>
    [ValidateNested]
    public Live.LiveOptions Live { get; set; } = new();

    /// <summary>The tenant service: tenants, limits and the internal credentials endpoint (needs the <c>internal</c> role).</summary>
    [ValidateNested]
    public TenantsClientOptions Tenants { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == ExportMode.Render && string.IsNullOrWhiteSpace(RenderDirectory))
        {
            yield return new ValidationResult("is required in Render mode: the folder the manifests go to", [nameof(RenderDirectory)]);
        }

        foreach (var (seed, url) in GatewayUrls.Select(kv => (kv.Key, (string?)kv.Value)).Append(("", GatewayUrl)))
        {
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            {
                yield return new ValidationResult($"'{url}' is not an absolute http(s) URL", [seed.Length == 0 ? nameof(GatewayUrl) : $"{nameof(GatewayUrls)}:{seed}"]);
            }
        }
    }

    /// <summary>The profile of a cluster: its label, else its seed's, else the default.</summary>
    public AgentProfile ProfileFor(string seed, IReadOnlyDictionary<string, string> clusterLabels)
    {
        if (clusterLabels.TryGetValue(ManagedLabels.ProfileLabel, out var label) && Enum.TryParse<AgentProfile>(label, ignoreCase: true, out var fromLabel))
        {
            return fromLabel;
        }

        return SeedProfiles.TryGetValue(seed, out var fromSeed) ? fromSeed : DefaultProfile;
    }
}

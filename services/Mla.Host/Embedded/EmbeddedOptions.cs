using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;

namespace Mla.Host.Embedded;

/// <summary>
/// Section <c>Mla:Embedded</c>: what the embedded default (<c>make run</c>) starts besides the services — the
/// in-process Kafka-protocol broker, VictoriaMetrics as storage, one metrics agent per demo cluster, and the logs path
/// (a file-sink writer and one syslog-ng per demo cluster).
/// </summary>
internal sealed class EmbeddedOptions
{
    public const string SectionName = "Mla:Embedded";

    /// <summary>Where state lives (catalog, generated certificates, server data); git ignores <c>.mla/</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string StateDirectory { get; set; } = ".mla";

    public bool Kafka { get; set; }

    [Range(1, 64)]
    public int KafkaPartitions { get; set; } = 4;

    [ValidateNested]
    public EmbeddedVictoriaMetricsOptions VictoriaMetrics { get; set; } = new();

    [ValidateNested]
    public EmbeddedAlertingOptions Alerting { get; set; } = new();

    [ValidateNested]
    public EmbeddedAgentsOptions Agents { get; set; } = new();

    [ValidateNested]
    public EmbeddedLogsOptions Logs { get; set; } = new();

    /// <summary>Where the logs writer's file sink puts each tenant's lines: <c>&lt;StateDirectory&gt;/logs</c>.</summary>
    public string LogsDirectory => Path.GetFullPath(Path.Combine(StateDirectory, "logs"));
}

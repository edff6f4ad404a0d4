using System.ComponentModel.DataAnnotations;

namespace Mla.Host.Embedded;

/// <summary>
/// Section <c>Mla:Embedded:Alerting</c>: vmalert and Alertmanager (Debian packages <c>victoria-metrics</c> and
/// <c>prometheus-alertmanager</c>) for the rules service, next to the embedded VictoriaMetrics.
/// </summary>
public sealed class EmbeddedAlertingOptions
{
    public bool Enabled { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string VmAlertBinary { get; set; } = "vmalert";

    [Required(AllowEmptyStrings = false)]
    public string VmAlertListenAddress { get; set; } = "127.0.0.1:8880";

    /// <summary>How often vmalert evaluates the groups that set no interval of their own.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Required(AllowEmptyStrings = false)]
    public string AlertmanagerBinary { get; set; } = "prometheus-alertmanager";

    [Required(AllowEmptyStrings = false)]
    public string AlertmanagerListenAddress { get; set; } = "127.0.0.1:9093";
}

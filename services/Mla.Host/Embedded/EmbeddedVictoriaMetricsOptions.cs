using System.ComponentModel.DataAnnotations;

namespace Mla.Host.Embedded;

public sealed class EmbeddedVictoriaMetricsOptions
{
    public bool Enabled { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string Binary { get; set; } = "victoria-metrics";

    [Required(AllowEmptyStrings = false)]
    public string ListenAddress { get; set; } = "127.0.0.1:8428";
}

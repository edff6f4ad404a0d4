using System.ComponentModel.DataAnnotations;

namespace Mla.Host.Embedded;

public sealed class EmbeddedAgentsOptions
{
    public bool Enabled { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string PrometheusBinary { get; set; } = "prometheus";

    /// <summary>Runs the rendered metrics agent of each demo cluster when the exporters render (the default).</summary>
    [Required(AllowEmptyStrings = false)]
    public string VmAgentBinary { get; set; } = "vmagent";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(5);
}

using System.ComponentModel.DataAnnotations;

namespace Mla.Rules.Rulers;

/// <summary>A ruler config API of one seed and signal (<c>Mla:Rules:Seeds:&lt;seed&gt;:Metrics</c> or <c>…:Logs</c>).</summary>
public sealed class RulerOptions
{
    public RulerKind Kind { get; set; } = RulerKind.Cortex;

    /// <summary>The ruler's root, e.g. <c>http://cortex-ruler.mla.svc.cluster.local:8080</c>.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>The rule namespace MLA owns in every tenant (KKP uses <c>default</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Namespace { get; set; } = "default";

    /// <summary>The route prefix of the config API: by kind unless set.</summary>
    public string PathPrefix => Kind switch
    {
        RulerKind.Mimir => "prometheus/config/v1/rules",
        RulerKind.Loki => "loki/api/v1/rules",
        _ => "api/v1/rules",
    };
}

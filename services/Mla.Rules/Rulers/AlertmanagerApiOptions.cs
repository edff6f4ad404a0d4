using System.ComponentModel.DataAnnotations;

namespace Mla.Rules.Rulers;

/// <summary>The Mimir/Cortex Alertmanager configuration API of a seed (<c>Mla:Rules:Seeds:&lt;seed&gt;:Alertmanager</c>).</summary>
public sealed class AlertmanagerApiOptions
{
    /// <summary>The Alertmanager's root; MLA calls <c>{Url}/api/v1/alerts</c> with <c>X-Scope-OrgID</c>.</summary>
    [Required]
    public Uri? Url { get; set; }
}

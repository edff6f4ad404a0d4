using Mla.Hosting.Options;

namespace Mla.Rules.Rulers;

/// <summary>
/// Section <c>Mla:Rules:Seeds:&lt;seed&gt;</c>: the backends of one seed, per signal. A signal left out falls back to
/// the embedded vmalert and Alertmanager (when configured); logs rules have no such fallback.
/// </summary>
public sealed class SeedBackendsOptions
{
    [ValidateNested]
    public RulerOptions? Metrics { get; set; }

    [ValidateNested]
    public RulerOptions? Logs { get; set; }

    [ValidateNested]
    public AlertmanagerApiOptions? Alertmanager { get; set; }
}

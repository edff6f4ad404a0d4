namespace Mla.Rules.VmAlert;

/// <summary>Section <c>Mla:Rules:VmAlert</c>: vmalert reads <c>&lt;RulesDirectory&gt;/*.yml</c> (its <c>-rule</c> flag).</summary>
public sealed class VmAlertOptions
{
    /// <summary>The directory of the rule files; null turns the vmalert backend off (metrics groups then show Failed).</summary>
    public string? RulesDirectory { get; set; }

    /// <summary>vmalert's HTTP root, for <c>GET /-/reload</c> after a batch of changes; null: vmalert re-reads on its own.</summary>
    public Uri? Url { get; set; }

    /// <summary>The vmalert binary used for <c>-dryRun</c> checks of every rule file before it is written.</summary>
    public string Binary { get; set; } = "/usr/bin/vmalert";
}

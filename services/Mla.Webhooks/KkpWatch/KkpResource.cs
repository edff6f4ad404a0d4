namespace Mla.Webhooks.KkpWatch;

/// <summary>One watched kind: its API group (empty for the core group), version and plural, as the URL names them.</summary>
public sealed record KkpResource(string Kind, string Group, string Version, string Plural, bool Namespaced)
{
    /// <summary>The label of metrics and logs: the plural, e.g. <c>clusters</c>.</summary>
    public string Name => Plural;
}

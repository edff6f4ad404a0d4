using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Alertmanager;

/// <summary>
/// One tenant's share of the composed configuration, every name already prefixed with <c>&lt;tenant&gt;/</c>;
/// <see cref="Templates"/> are its template files (file name → rewritten content), written to <c>&lt;templates dir&gt;/&lt;tenant&gt;/</c>.
/// </summary>
internal sealed record TenantAlertmanagerParts(
    string Tenant,
    YamlMappingNode Route,
    IReadOnlyList<YamlNode> Receivers,
    IReadOnlyList<YamlNode> InhibitRules,
    IReadOnlyList<YamlNode> TimeIntervals,
    IReadOnlyList<YamlNode> MuteTimeIntervals)
{
    public IReadOnlyDictionary<string, string> Templates { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

using System.Security.Cryptography;
using System.Text;
using Mla.Rules.Groups;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.VmAlert;

/// <summary>
/// One vmalert rule file per tenant and group. The group carries <c>params: {extra_label: ["tenant=&lt;id&gt;"]}</c>
/// (vmalert adds it to every query, so the group sees only its tenant's series) and <c>labels: {tenant: &lt;id&gt;}</c>
/// (every alert and recorded series carries its tenant); every rule's own <c>tenant</c> label is forced to the
/// same value, so no rule can claim another tenant.
/// </summary>
internal static class VmAlertRuleFile
{
    public const string Suffix = ".rules.yml";

    /// <summary><c>&lt;tenant&gt;.&lt;hash of the group name&gt;.rules.yml</c>: safe whatever the group's name, and listable by tenant.</summary>
    public static string FileName(string tenant, string group) =>
        $"{tenant}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(group)))[..20]}{Suffix}";

    /// <summary>The tenant a file of ours belongs to, or null for a file that is not ours.</summary>
    public static string? TenantOf(string fileName) =>
        fileName.EndsWith(Suffix, StringComparison.Ordinal) && fileName.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot
            ? fileName[..dot]
            : null;

    public static string Render(string tenant, RuleGroupDefinition definition)
    {
        var group = new YamlMappingNode { { "name", Yaml.Quoted($"{tenant}/{definition.Name}") } };
        foreach (var field in new[] { "interval", "limit", "concurrency" })
        {
            if (Yaml.Child(definition.Group, field) is { } value)
            {
                group.Add(field, value);
            }
        }

        group.Add("params", new YamlMappingNode { { "extra_label", new YamlSequenceNode(Yaml.Quoted($"tenant={tenant}")) } });
        group.Add("labels", WithTenant(Yaml.Child(definition.Group, "labels") as YamlMappingNode, tenant));
        var rules = new YamlSequenceNode();
        foreach (var rule in ((YamlSequenceNode)Yaml.Child(definition.Group, "rules")!).Children.Cast<YamlMappingNode>())
        {
            var copy = new YamlMappingNode();
            foreach (var entry in rule.Children)
            {
                if (Yaml.KeyOf(entry) != "labels")
                {
                    copy.Add(entry.Key, entry.Value);
                }
            }

            copy.Add("labels", WithTenant(Yaml.Child(rule, "labels") as YamlMappingNode, tenant));
            rules.Add(copy);
        }

        group.Add("rules", rules);
        return "# Written by MLA (Mla.Rules): do not edit, it is overwritten.\n"
            + Yaml.Save(new YamlMappingNode { { "groups", new YamlSequenceNode(group) } });
    }

    private static YamlMappingNode WithTenant(YamlMappingNode? labels, string tenant)
    {
        var result = new YamlMappingNode();
        foreach (var entry in labels?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (Yaml.KeyOf(entry) != "tenant")
            {
                result.Add(entry.Key, entry.Value);
            }
        }

        result.Add("tenant", Yaml.Quoted(tenant));
        return result;
    }
}

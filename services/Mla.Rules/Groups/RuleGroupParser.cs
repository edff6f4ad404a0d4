using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Groups;

/// <summary>
/// Structural validation of a user's rule group (Prometheus <c>rulefmt</c> group: <c>name</c>, <c>interval</c>,
/// <c>limit</c>, <c>rules</c>, plus group <c>labels</c>). Fields MLA sets itself (<c>params</c>, which carries the
/// tenant's <c>extra_label</c>, and vmalert's <c>tenant</c>, <c>headers</c>, <c>type</c>) and unknown fields are
/// refused with a reason; expressions are checked later by the backend's own check.
/// </summary>
internal static class RuleGroupParser
{
    private static readonly HashSet<string> GroupFields = new(StringComparer.Ordinal) { "name", "interval", "limit", "concurrency", "labels", "rules" };
    private static readonly HashSet<string> RuleFields = new(StringComparer.Ordinal) { "alert", "record", "expr", "for", "labels", "annotations" };

    /// <summary>The group, or the reason it is invalid. <paramref name="expectedName"/> is the rule group object's name.</summary>
    public static (RuleGroupDefinition? Group, string? Error) Parse(string expectedName, string yaml)
    {
        YamlNode? root;
        try
        {
            root = Yaml.Load(yaml);
        }
        catch (YamlException e)
        {
            return (null, $"unable to decode rule group: {e.Message}");
        }

        if (root is not YamlMappingNode group)
        {
            return (null, "a rule group must be a YAML mapping with name and rules");
        }

        foreach (var entry in group.Children)
        {
            var key = Yaml.KeyOf(entry);
            if (!GroupFields.Contains(key))
            {
                return (null, key is "params" or "tenant" or "headers" or "type"
                    ? $"field '{key}' is set by MLA and must not be in a rule group"
                    : $"unknown field '{key}' in rule group");
            }
        }

        var name = Yaml.ScalarValue(group, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, "rule group name must not be empty");
        }

        if (!string.Equals(name, expectedName, StringComparison.Ordinal))
        {
            return (null, $"rule group name '{name}' differs from the rule group's name '{expectedName}'");
        }

        if (Yaml.Child(group, "labels") is { } labels && !IsStringMap(labels))
        {
            return (null, "group labels must be a mapping of strings");
        }

        if (Yaml.Child(group, "rules") is not YamlSequenceNode { Children.Count: > 0 } rules)
        {
            return (null, $"invalid rules config: rule group '{name}' has no rules");
        }

        for (var i = 0; i < rules.Children.Count; i++)
        {
            if (CheckRule(rules.Children[i]) is { } error)
            {
                return (null, $"rule {i + 1} of group '{name}': {error}");
            }
        }

        return (new RuleGroupDefinition(name, group), null);
    }

    private static string? CheckRule(YamlNode node)
    {
        if (node is not YamlMappingNode rule)
        {
            return "a rule must be a mapping";
        }

        foreach (var entry in rule.Children)
        {
            var key = Yaml.KeyOf(entry);
            if (!RuleFields.Contains(key))
            {
                return $"unknown field '{key}'";
            }
        }

        var alert = Yaml.ScalarValue(rule, "alert");
        var record = Yaml.ScalarValue(rule, "record");
        if (string.IsNullOrWhiteSpace(alert) == string.IsNullOrWhiteSpace(record))
        {
            return "exactly one of 'alert' and 'record' must be set";
        }

        if (string.IsNullOrWhiteSpace(Yaml.ScalarValue(rule, "expr")))
        {
            return "'expr' must not be empty";
        }

        if (record is not null && Yaml.Child(rule, "for") is not null)
        {
            return "a recording rule has no 'for'";
        }

        foreach (var field in new[] { "labels", "annotations" })
        {
            if (Yaml.Child(rule, field) is { } map && !IsStringMap(map))
            {
                return $"'{field}' must be a mapping of strings";
            }
        }

        return null;
    }

    private static bool IsStringMap(YamlNode node) =>
        node is YamlMappingNode map && map.Children.All(e => e.Key is YamlScalarNode && e.Value is YamlScalarNode);
}

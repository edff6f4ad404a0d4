using Mla.Rules.Groups;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Alertmanager;

/// <summary>
/// Turns a tenant's own Alertmanager configuration (plain, or Mimir/Cortex's <c>alertmanager_config</c> wrapper)
/// into its share of the one composed configuration: its route becomes a child of the root that matches only
/// <c>tenant="&lt;id&gt;"</c> (its own top-level matchers and <c>continue</c> are dropped, so it can neither catch
/// other tenants' alerts nor let its own fall through to others), and every name (receivers, time intervals) is
/// prefixed with <c>&lt;tenant&gt;/</c>; inhibit rules get the tenant matcher on both sides; its templates (Mimir's
/// <c>template_files</c>) are namespaced by <see cref="TenantTemplates"/>, in the files and in its receivers' text.
/// Settings that would reach outside the tenant (<c>global</c>, <c>templates</c> naming server files, <c>*_file</c>
/// references) are refused with a reason.
/// </summary>
internal static class TenantAlertmanagerConfig
{
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "route", "receivers", "inhibit_rules", "time_intervals", "mute_time_intervals", "templates" };

    public static string Prefix(string tenant) => tenant + "/";

    /// <summary>A configuration with a null receiver: what a tenant has until the user sets one (as KKP does).</summary>
    public static TenantAlertmanagerParts Null(string tenant)
    {
        var receiver = Prefix(tenant) + "null";
        return new TenantAlertmanagerParts(
            tenant,
            new YamlMappingNode { { "receiver", Yaml.Quoted(receiver) }, { "matchers", TenantMatchers(tenant) }, { "continue", "false" } },
            [new YamlMappingNode { { "name", Yaml.Quoted(receiver) } }],
            [],
            [],
            []);
    }

    public static (TenantAlertmanagerParts? Parts, string? Error) Rewrite(string tenant, string yaml)
    {
        try
        {
            return RewriteUnchecked(tenant, yaml);
        }
        catch (YamlException e)
        {
            return (null, $"error marshalling YAML Alertmanager config: {e.Message}");
        }
    }

    private static (TenantAlertmanagerParts? Parts, string? Error) RewriteUnchecked(string tenant, string yaml)
    {
        if (Yaml.Load(yaml) is not YamlMappingNode config)
        {
            return (null, "an Alertmanager configuration must be a YAML mapping");
        }

        var templateFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Yaml.Child(config, "alertmanager_config") is { } wrapped)
        {
            switch (Yaml.Child(config, "template_files"))
            {
                case null or YamlScalarNode { Value: null or "" or "~" or "null" }:
                    break;
                case YamlMappingNode files:
                    foreach (var entry in files.Children)
                    {
                        if (entry.Value is not YamlScalarNode { Value: { } content })
                        {
                            return (null, $"template_files '{Yaml.KeyOf(entry)}' must be a string");
                        }

                        var fileName = Yaml.KeyOf(entry);
                        if (fileName.Length == 0 || fileName is "." or ".." || fileName.IndexOfAny(['/', '\\']) >= 0)
                        {
                            return (null, $"template_files '{fileName}': a template file name must have no path separators");
                        }

                        templateFiles[fileName] = content;
                    }

                    break;
                default:
                    return (null, "template_files must be a mapping of file name to template text");
            }

            if (wrapped is not YamlScalarNode { Value: { } inner } || Yaml.Load(inner) is not YamlMappingNode innerConfig)
            {
                return (null, "alertmanager_config must be a string holding an Alertmanager configuration");
            }

            config = innerConfig;
        }

        foreach (var entry in config.Children)
        {
            var key = Yaml.KeyOf(entry);
            if (!TopLevel.Contains(key))
            {
                return (null, key switch
                {
                    "global" => "'global' is the platform's (it would apply to every tenant's receivers); set such settings on the receiver",
                    _ => $"unknown field '{key}'",
                });
            }
        }

        if (FindFileReference(config) is { } fileKey)
        {
            return (null, $"'{fileKey}' refers to a file on the server, which is not allowed");
        }

        // 'templates' may only name the configuration's own template_files (as Mimir's); MLA lists the files itself.
        foreach (var node in Sequence(config, "templates"))
        {
            var name = (node as YamlScalarNode)?.Value ?? string.Empty;
            if (!templateFiles.ContainsKey(Path.GetFileName(name)))
            {
                return (null, $"'templates' may only name the configuration's own template_files; '{name}' would be a file on the server");
            }
        }

        var (templates, defined, templateError) = TenantTemplates.Rewrite(tenant, templateFiles);
        if (templateError is not null)
        {
            return (null, templateError);
        }

        var prefix = Prefix(tenant);
        var receivers = new List<YamlNode>();
        var receiverNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Sequence(config, "receivers"))
        {
            if (node is not YamlMappingNode receiver || string.IsNullOrWhiteSpace(Yaml.ScalarValue(receiver, "name")))
            {
                return (null, "every receiver needs a name");
            }

            var name = Yaml.ScalarValue(receiver, "name")!;
            if (!receiverNames.Add(name))
            {
                return (null, $"receiver '{name}' is defined twice");
            }

            var (texts, textError) = RewriteTexts(receiver, tenant, defined);
            if (textError is not null)
            {
                return (null, $"receiver '{name}': {textError}");
            }

            receivers.Add(Renamed((YamlMappingNode)texts!, prefix + name));
        }

        var (timeIntervals, timeError) = Intervals(config, "time_intervals", prefix);
        var (muteIntervals, muteError) = Intervals(config, "mute_time_intervals", prefix);
        if ((timeError ?? muteError) is { } intervalError)
        {
            return (null, intervalError);
        }

        var intervalNames = new HashSet<string>(
            Sequence(config, "time_intervals").Concat(Sequence(config, "mute_time_intervals"))
                .OfType<YamlMappingNode>().Select(i => Yaml.ScalarValue(i, "name")!),
            StringComparer.Ordinal);
        if (Yaml.Child(config, "route") is not YamlMappingNode route)
        {
            return (null, "'route' is required");
        }

        if (string.IsNullOrWhiteSpace(Yaml.ScalarValue(route, "receiver")))
        {
            return (null, "the root route needs a receiver");
        }

        var (rewritten, routeError) = RewriteRoute(route, prefix, receiverNames, intervalNames);
        if (routeError is not null)
        {
            return (null, routeError);
        }

        // The tenant's top level: only its own alerts, and they never fall through to another tenant.
        var top = new YamlMappingNode();
        foreach (var entry in rewritten!.Children)
        {
            if (Yaml.KeyOf(entry) is not ("match" or "match_re" or "matchers" or "continue"))
            {
                top.Add(entry.Key, entry.Value);
            }
        }

        top.Add("matchers", TenantMatchers(tenant));
        top.Add("continue", "false");

        var inhibitRules = new List<YamlNode>();
        foreach (var node in Sequence(config, "inhibit_rules"))
        {
            if (node is not YamlMappingNode rule)
            {
                return (null, "every inhibit rule must be a mapping");
            }

            var copy = new YamlMappingNode();
            foreach (var entry in rule.Children)
            {
                if (Yaml.KeyOf(entry) is not ("source_matchers" or "target_matchers"))
                {
                    copy.Add(entry.Key, entry.Value);
                }
            }

            copy.Add("source_matchers", WithTenantMatcher(Yaml.Child(rule, "source_matchers"), tenant));
            copy.Add("target_matchers", WithTenantMatcher(Yaml.Child(rule, "target_matchers"), tenant));
            inhibitRules.Add(copy);
        }

        return (new TenantAlertmanagerParts(tenant, top, receivers, inhibitRules, timeIntervals, muteIntervals) { Templates = templates! }, null);
    }

    /// <summary>A copy of <paramref name="node"/> whose every string has its template names namespaced (<see cref="TenantTemplates"/>).</summary>
    private static (YamlNode? Node, string? Error) RewriteTexts(YamlNode node, string tenant, IReadOnlySet<string> defined)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var copy = new YamlMappingNode();
                foreach (var entry in map.Children)
                {
                    var (value, error) = RewriteTexts(entry.Value, tenant, defined);
                    if (error is not null)
                    {
                        return (null, error);
                    }

                    copy.Add(entry.Key, value!);
                }

                return (copy, null);
            case YamlSequenceNode sequence:
                var items = new YamlSequenceNode();
                foreach (var child in sequence.Children)
                {
                    var (value, error) = RewriteTexts(child, tenant, defined);
                    if (error is not null)
                    {
                        return (null, error);
                    }

                    items.Add(value!);
                }

                return (items, null);
            case YamlScalarNode { Value: { } text } scalar when text.Contains("{{", StringComparison.Ordinal):
                var (rewritten, textError) = TenantTemplates.RewriteText(tenant, text, defined);
                return textError is null ? (new YamlScalarNode(rewritten) { Style = scalar.Style == ScalarStyle.Plain ? ScalarStyle.DoubleQuoted : scalar.Style }, null) : (null, textError);
            default:
                return (node, null);
        }
    }

    private static (YamlMappingNode? Route, string? Error) RewriteRoute(YamlMappingNode route, string prefix, HashSet<string> receivers, HashSet<string> intervals)
    {
        var copy = new YamlMappingNode();
        foreach (var entry in route.Children)
        {
            var key = Yaml.KeyOf(entry);
            switch (key)
            {
                case "receiver":
                    var receiver = (entry.Value as YamlScalarNode)?.Value ?? string.Empty;
                    if (!receivers.Contains(receiver))
                    {
                        return (null, $"undefined receiver '{receiver}' used in route");
                    }

                    copy.Add(key, Yaml.Quoted(prefix + receiver));
                    break;
                case "mute_time_intervals" or "active_time_intervals":
                    var names = new YamlSequenceNode();
                    foreach (var name in (entry.Value as YamlSequenceNode)?.Children ?? [])
                    {
                        var value = (name as YamlScalarNode)?.Value ?? string.Empty;
                        if (!intervals.Contains(value))
                        {
                            return (null, $"undefined time interval '{value}' used in route");
                        }

                        names.Add(Yaml.Quoted(prefix + value));
                    }

                    copy.Add(key, names);
                    break;
                case "routes":
                    var children = new YamlSequenceNode();
                    foreach (var child in (entry.Value as YamlSequenceNode)?.Children ?? [])
                    {
                        if (child is not YamlMappingNode childRoute)
                        {
                            return (null, "every route must be a mapping");
                        }

                        var (rewritten, error) = RewriteRoute(childRoute, prefix, receivers, intervals);
                        if (error is not null)
                        {
                            return (null, error);
                        }

                        children.Add(rewritten!);
                    }

                    copy.Add(key, children);
                    break;
                default:
                    copy.Add(entry.Key, entry.Value);
                    break;
            }
        }

        return (copy, null);
    }

    private static (IReadOnlyList<YamlNode> Intervals, string? Error) Intervals(YamlMappingNode config, string key, string prefix)
    {
        var result = new List<YamlNode>();
        foreach (var node in Sequence(config, key))
        {
            if (node is not YamlMappingNode interval || string.IsNullOrWhiteSpace(Yaml.ScalarValue(interval, "name")))
            {
                return ([], $"every entry of '{key}' needs a name");
            }

            result.Add(Renamed(interval, prefix + Yaml.ScalarValue(interval, "name")));
        }

        return (result, null);
    }

    private static YamlMappingNode Renamed(YamlMappingNode node, string name)
    {
        var copy = new YamlMappingNode { { "name", Yaml.Quoted(name) } };
        foreach (var entry in node.Children)
        {
            if (Yaml.KeyOf(entry) != "name")
            {
                copy.Add(entry.Key, entry.Value);
            }
        }

        return copy;
    }

    private static YamlSequenceNode TenantMatchers(string tenant) => new(Yaml.Quoted($"tenant=\"{tenant}\""));

    private static YamlSequenceNode WithTenantMatcher(YamlNode? matchers, string tenant)
    {
        var result = new YamlSequenceNode();
        foreach (var matcher in (matchers as YamlSequenceNode)?.Children ?? [])
        {
            result.Add(matcher);
        }

        result.Add(Yaml.Quoted($"tenant=\"{tenant}\""));
        return result;
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        Yaml.Child(map, key) is YamlSequenceNode sequence ? sequence.Children : [];

    private static string? FindFileReference(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children
            .Select(e => Yaml.KeyOf(e).EndsWith("_file", StringComparison.Ordinal) || Yaml.KeyOf(e) == "_files" ? Yaml.KeyOf(e) : FindFileReference(e.Value))
            .FirstOrDefault(k => k is not null),
        YamlSequenceNode sequence => sequence.Children.Select(FindFileReference).FirstOrDefault(k => k is not null),
        _ => null,
    };
}

using Mla.Rules.Groups;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Alertmanager;

/// <summary>
/// The one Alertmanager configuration: a root route whose own receiver receives nothing (<c>mla/null</c>) and one
/// child route per tenant, in tenant order, each matching only <c>tenant="&lt;id&gt;"</c> with the tenant's tree inside.
/// </summary>
internal static class AlertmanagerComposer
{
    public const string RootReceiver = "mla/null";

    /// <summary>The composed file; a tenant with templates gets the glob <c>&lt;templatesDirectory&gt;/&lt;tenant&gt;/*.tmpl</c> (its files are written there by the caller).</summary>
    public static string Compose(IEnumerable<TenantAlertmanagerParts> tenants, string? templatesDirectory = null)
    {
        var ordered = tenants.OrderBy(t => t.Tenant, StringComparer.Ordinal).ToList();
        var receivers = new YamlSequenceNode(new YamlMappingNode { { "name", Yaml.Quoted(RootReceiver) } });
        var routes = new YamlSequenceNode();
        var inhibitRules = new YamlSequenceNode();
        var timeIntervals = new YamlSequenceNode();
        var muteIntervals = new YamlSequenceNode();
        var templates = new YamlSequenceNode();
        foreach (var tenant in ordered)
        {
            routes.Add(tenant.Route);
            tenant.Receivers.ToList().ForEach(receivers.Add);
            tenant.InhibitRules.ToList().ForEach(inhibitRules.Add);
            tenant.TimeIntervals.ToList().ForEach(timeIntervals.Add);
            tenant.MuteTimeIntervals.ToList().ForEach(muteIntervals.Add);
            if (tenant.Templates.Count > 0)
            {
                var directory = templatesDirectory ?? throw new InvalidOperationException("a tenant with templates needs a templates directory");
                templates.Add(Yaml.Quoted(Path.Combine(directory, tenant.Tenant, "*.tmpl")));
            }
        }

        var root = new YamlMappingNode
        {
            { "route", new YamlMappingNode { { "receiver", Yaml.Quoted(RootReceiver) }, { "routes", routes } } },
            { "receivers", receivers },
        };
        if (templates.Children.Count > 0)
        {
            root.Add("templates", templates);
        }

        if (inhibitRules.Children.Count > 0)
        {
            root.Add("inhibit_rules", inhibitRules);
        }

        if (timeIntervals.Children.Count > 0)
        {
            root.Add("time_intervals", timeIntervals);
        }

        if (muteIntervals.Children.Count > 0)
        {
            root.Add("mute_time_intervals", muteIntervals);
        }

        return "# Composed by MLA (Mla.Rules) from every tenant's configuration: do not edit, it is overwritten.\n" + Yaml.Save(root);
    }
}

using Mla.Exporters;
using Mla.Grafana;
using Mla.Hosting;
using Mla.Rules;
using Mla.Tenants;
using Mla.Gateway;
using Mla.Webhooks;
using Mla.Writer;

namespace Mla.Host.Targets;

/// <summary>
/// The services Mla.Host composes, chosen with <c>--targets all</c> or a comma-separated list (like Mimir's
/// <c>-target</c>). The host only composes: each service brings its own <c>Add…Service</c> and <c>Map…Service</c>.
/// </summary>
internal static class HostTargets
{
    public static IReadOnlyList<ServiceTarget> Known { get; } =
    [
        new("webhooks", builder => builder.AddWebhooksService(), app => app.MapWebhooksService()),
        new("gateway", builder => builder.AddGatewayService(), app => app.MapGatewayService()),
        new("writer", builder => builder.AddWriterService(), app => app.MapWriterService()),
        new("tenants", builder => builder.AddTenantsService(), app => app.MapTenantsService()),
        new("rules", builder => builder.AddRulesService(), app => app.MapRulesService()),
        new("exporters", builder => builder.AddExportersService(), app => app.MapExportersService()),
        new("grafana", builder => builder.AddGrafanaService(), app => app.MapGrafanaService()),
    ];

    public static IReadOnlyList<ServiceTarget> Select(string? targets)
    {
        var names = (string.IsNullOrWhiteSpace(targets) ? "all" : targets)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Contains("all", StringComparer.OrdinalIgnoreCase))
        {
            return Known;
        }

        return names.Select(name => Known.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidConfigurationException(
                    "targets",
                    $"unknown target '{name}'; expected all or a comma-separated list of {string.Join(", ", Known.Select(t => t.Name))}"))
            .Distinct()
            .ToList();
    }
}

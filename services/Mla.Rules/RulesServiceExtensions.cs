using Mla.Hosting.Bus;
using Mla.Hosting.Options;
using Mla.Rules.Alertmanager;
using Mla.Rules.Api;
using Mla.Rules.Consumers;
using Mla.Rules.Defaults;
using Mla.Rules.Desired;
using Mla.Rules.Rulers;
using Mla.Rules.Status;
using Mla.Rules.Sync;
using Mla.Rules.VmAlert;

namespace Mla.Rules;

/// <summary>The rules service: rule groups and per-tenant Alertmanager configuration from events, synced to the backends.</summary>
public static class RulesServiceExtensions
{
    public static WebApplicationBuilder AddRulesService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RulesOptions>(RulesOptions.SectionName);
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }

        services.AddHttpClient(VmAlertRuleSync.Backend, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(AlertmanagerConfigSync.Backend, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<DesiredRules>();
        services.AddSingleton<StatusBoard>();
        services.AddSingleton<DefaultRuleGroups>();
        services.AddSingleton<RulesMetrics>();
        services.AddSingleton<VmAlertRuleSync>();
        services.AddSingleton<AlertmanagerConfigSync>();
        services.AddHttpClient(HttpRulerSync.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<HttpRulerSync>();
        services.AddSingleton<AlertmanagerApiSync>();
        services.AddSingleton<RulesSynchronizer>();
        services.AddHostedService<RulesSyncLoop>();
        services.ConfigureMlaBus(bus =>
        {
            bus.AddConsumer<ApplyRuleGroupChanged>();
            bus.AddConsumer<ApplyRuleGroupDeleted>();
            bus.AddConsumer<ApplyAlertmanagerConfigChanged>();
            bus.AddConsumer<ApplyAlertmanagerConfigDeleted>();
            bus.AddConsumer<ApplyClusterCreated>();
            bus.AddConsumer<ApplyClusterUpdated>();
            bus.AddConsumer<ApplyClusterDeleted>();
        });
        return builder;
    }

    public static WebApplication MapRulesService(this WebApplication app)
    {
        app.MapRuleGroupEndpoints();
        return app;
    }
}

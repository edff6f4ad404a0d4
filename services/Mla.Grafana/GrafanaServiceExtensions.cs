using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mla.Grafana.Api;
using Mla.Grafana.Consumers;
using Mla.Grafana.Desired;
using Mla.Grafana.Hosting;
using Mla.Grafana.Sync;
using Mla.Hosting.Bus;
using Mla.Hosting.Options;

namespace Mla.Grafana;

/// <summary>The Grafana federation: one org per project, users and roles, datasources per cluster, dashboards, the admin org.</summary>
public static class GrafanaServiceExtensions
{
    public const string HttpClientName = "mla-grafana";

    public static WebApplicationBuilder AddGrafanaService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<GrafanaOptions>(GrafanaOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrafanaDesiredState>();
        services.AddSingleton<GrafanaSyncStatus>();
        services.AddSingleton<GrafanaMetrics>();
        services.AddHttpClient(HttpClientName).ConfigureHttpClient(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(TenantServiceReadTokens.ClientName).ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<GrafanaOptions>>().Value.TenantService.Timeout);
        services.AddSingleton<ITenantReadTokens, TenantServiceReadTokens>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GrafanaOptions>>().Value;
            var metrics = sp.GetRequiredService<GrafanaMetrics>();
            return new GrafanaApi(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                options,
                new WriteThrottle(options.MaxWritesPerSecond, sp.GetRequiredService<TimeProvider>()),
                path => metrics.Writes.WithLabels(GrafanaMetrics.KindOf(path)).Inc());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GrafanaOptions>>().Value;
            var directory = options.DashboardsDirectory ?? Path.Combine(AppContext.BaseDirectory, "Dashboards");
            return new GrafanaSync(
                sp.GetRequiredService<GrafanaApi>(), options, sp.GetRequiredService<ITenantReadTokens>(), DashboardFile.Load(directory), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<GrafanaSyncLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<GrafanaSyncLoop>());
        services.AddSingleton<FirstLoginWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<FirstLoginWatch>());
        services.ConfigureMlaBus(bus => bus.AddConsumer<FollowFleetEvents>());
        return builder;
    }

    public static WebApplication MapGrafanaService(this WebApplication app)
    {
        app.MapGrafanaStatusEndpoints();
        return app;
    }
}

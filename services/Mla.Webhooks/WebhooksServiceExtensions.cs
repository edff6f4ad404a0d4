using Mla.Storage.Locks;
using Microsoft.Extensions.Options;
using Mla.Hosting.Health;
using Mla.Hosting.Options;
using Mla.Storage;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.Clusters;
using Mla.Webhooks.Deduplication;
using Mla.Webhooks.Intake;
using Mla.Webhooks.Ordering;
using Mla.Webhooks.Publishing;
using Mla.Webhooks.Resync;
using Mla.Webhooks.Signatures;

namespace Mla.Webhooks;

/// <summary>The webhooks service: KKP CloudEvents in, integration events out, and the fleet catalog.</summary>
public static class WebhooksServiceExtensions
{
    public static WebApplicationBuilder AddWebhooksService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<WebhooksOptions>(WebhooksOptions.SectionName);
        services.AddValidatedOptions<CatalogOptions>(CatalogOptions.SectionName);
        services.TryAddSingletonTimeProvider();
        // Keyed: in the composed host the tenant service has its own database.
        services.AddKeyedSingleton(CatalogOptions.SectionName, (sp, _) => SqlDatabase.Create(sp.GetRequiredService<IOptions<CatalogOptions>>().Value));
        services.AddHostedService<CatalogMigrator>();
        services.AddSingleton<IFleetCatalog, SqlFleetCatalog>();
        services.AddSingleton<ProcessedEventStore>();
        services.AddSingleton<WebhookSecret>();
        services.AddHostedService<GeneratedSecretAnnouncer>();
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<StripedLock>();
        services.AddSingleton<IObjectLocks>(sp =>
        {
            var database = sp.GetRequiredKeyedService<SqlDatabase>(CatalogOptions.SectionName);
            var local = sp.GetRequiredService<StripedLock>();
            return database.Provider == DatabaseProvider.Postgres ? new PostgresObjectLocks(local, database) : new InProcessObjectLocks(local);
        });
        services.AddSingleton<ConfirmedPublisher>();
        services.AddSingleton<WebhookIntake>();
        services.AddSingleton<FleetResync>();
        services.AddSingleton<ResyncRunStore>();
        services.AddSingleton<ResyncCoordinator>();
        services.AddHostedService<ResyncScheduler>();
        services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication MapWebhooksService(this WebApplication app)
    {
        // Open to the network: KKP signs every event (HMAC), and the endpoint checks that signature itself.
        app.MapPost(KkpWebhookEndpoint.Route, KkpWebhookEndpoint.HandleAsync).AllowAnonymous();
        app.MapClusterEndpoints();
        app.MapResyncEndpoints();
        return app;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}

using Mla.Storage.Locks;
using Microsoft.Extensions.Options;
using Mla.Hosting.Bus;
using Mla.Hosting.Health;
using Mla.Hosting.Options;
using Mla.Storage;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.Clusters;
using Mla.Webhooks.Deduplication;
using Mla.Webhooks.Intake;
using Mla.Webhooks.KkpWatch;
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
        services.AddSingleton<EventIntake>();
        services.AddSingleton<FleetResync>();
        services.AddSingleton<ResyncRunStore>();
        services.AddSingleton<ResyncCoordinator>();
        services.AddHostedService<ResyncScheduler>();
        services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog", tags: [HealthEndpoints.ReadyTag]);
        builder.AddKkpWatch();
        return builder;
    }

    /// <summary>The watch mode (docs/kkp-watch.md): one supervised loop per configured seed, and the cleanup reports it waits for.</summary>
    private static void AddKkpWatch(this WebApplicationBuilder builder)
    {
        var kkp = builder.Configuration.ReadSection<WebhooksOptions>(WebhooksOptions.SectionName).Kkp;
        if (!kkp.Enabled)
        {
            return;
        }

        var services = builder.Services;
        services.AddSingleton<KkpWatchMetrics>();
        services.AddSingleton<CleanupReportStore>();
        services.AddSingleton<CleanupSignal>();
        services.AddSingleton<KkpChangePublisher>();
        services.AddSingleton<ClusterFinalizer>();
        services.AddSingleton<SeedChangeHandler>();
        foreach (var seed in kkp.Seeds.Keys.Order(StringComparer.Ordinal))
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<SeedWatchLoop>(sp, seed));
        }

        services.ConfigureMlaBus(bus => bus.AddConsumer<RecordCleanupOnTenantDeprovisioned>(typeof(RecordCleanupConsumerDefinition)));
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

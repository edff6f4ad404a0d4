using Mla.Storage.Locks;
using Microsoft.Extensions.Options;
using Mla.Hosting.Bus;
using Mla.Hosting.Health;
using Mla.Hosting.Options;
using Mla.Storage;
using Mla.Tenants.Api;
using Mla.Tenants.Authorities;
using Mla.Tenants.Consumers;
using Mla.Tenants.Credentials;
using Mla.Tenants.Purge;
using Mla.Tenants.Reconciliation;
using Mla.Tenants.Store;

namespace Mla.Tenants;

/// <summary>The tenant service: one tenant per user cluster, its credentials and limits, from cluster and settings events.</summary>
public static class TenantsServiceExtensions
{
    public static WebApplicationBuilder AddTenantsService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TenantsOptions>(TenantsOptions.SectionName);
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }

        // Keyed: in the composed host the catalog has its own database.
        services.AddKeyedSingleton(TenantsOptions.SectionName, (sp, _) => SqlDatabase.Create(sp.GetRequiredService<IOptions<TenantsOptions>>().Value));
        services.AddHostedService<TenantsMigrator>();
        services.AddSingleton<ITenantStore, SqlTenantStore>();
        services.AddSingleton<ISeedAuthorityStore, SqlSeedAuthorityStore>();
        services.AddSingleton(sp => KeyEncryptionKeySource.Create(
            sp.GetRequiredService<IOptions<TenantsOptions>>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<KeyEncryption>()));
        services.AddSingleton<SeedAuthorities>();
        services.AddSingleton<CertificateIssuer>();
        services.AddSingleton<TenantTokens>();
        services.AddSingleton<SeedReadTokens>();
        services.AddTenantDataPurge();
        services.AddSingleton<TenantMetrics>();
        services.AddSingleton<StripedLock>();
        services.AddSingleton<ITenantLocks>(sp =>
        {
            var database = sp.GetRequiredKeyedService<SqlDatabase>(TenantsOptions.SectionName);
            var local = sp.GetRequiredService<StripedLock>();
            return database.Provider == DatabaseProvider.Postgres ? new PostgresTenantLocks(local, database) : new InProcessTenantLocks(local);
        });
        services.AddSingleton<ITenantEvents, BusTenantEvents>();
        services.AddSingleton<TenantReconciler>();
        services.AddHostedService<CertificateRenewalService>();
        services.AddSingleton<SeedCaRotations>();
        services.AddSingleton<CaRotationWakeUp>();
        services.AddHostedService<CaRotationService>();
        services.AddHostedService<DeprovisioningWorker>();
        services.AddHealthChecks().AddCheck<TenantStoreHealthCheck>("tenant-store", tags: [HealthEndpoints.ReadyTag]);
        services.ConfigureMlaBus(bus =>
        {
            bus.AddConsumer<ReconcileTenantOnClusterCreated>(typeof(ReconcileConsumerDefinition<ReconcileTenantOnClusterCreated>));
            bus.AddConsumer<ReconcileTenantOnClusterUpdated>(typeof(ReconcileConsumerDefinition<ReconcileTenantOnClusterUpdated>));
            bus.AddConsumer<ReconcileTenantOnClusterDeleted>(typeof(ReconcileConsumerDefinition<ReconcileTenantOnClusterDeleted>));
            bus.AddConsumer<ReconcileTenantOnMlaSettingsChanged>(typeof(ReconcileConsumerDefinition<ReconcileTenantOnMlaSettingsChanged>));
        });
        return builder;
    }

    public static WebApplication MapTenantsService(this WebApplication app)
    {
        // Resolve the key encryption key now: a missing or broken key stops the start, not the first event.
        app.Services.GetRequiredService<KeyEncryption>();
        app.MapTenantEndpoints();
        app.MapCredentialsEndpoint();
        app.MapSeedReadTokenEndpoints();
        app.MapSeedAuthorityEndpoint();
        app.MapCaRotationEndpoints();
        return app;
    }
}

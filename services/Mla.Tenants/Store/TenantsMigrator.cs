using Mla.Storage;

namespace Mla.Tenants.Store;

/// <summary>Brings the tenant store's schema up to date before the service consumes or answers (hosted services start first).</summary>
internal sealed class TenantsMigrator([FromKeyedServices(TenantsOptions.SectionName)] SqlDatabase database, ILogger<TenantsMigrator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        SqlMigrator.MigrateAsync(database, "tenants", TenantsMigrations.Steps, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

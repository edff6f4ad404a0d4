using Mla.Storage;

namespace Mla.Webhooks.Catalog;

/// <summary>Brings the catalog schema up to date before the service takes requests (hosted services start first).</summary>
internal sealed class CatalogMigrator([FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database, ILogger<CatalogMigrator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        SqlMigrator.MigrateAsync(database, "catalog", CatalogMigrations.Steps, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Logging.Abstractions;
using Mla.Storage;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.Tests.Catalog;

/// <summary>A migrated SQLite catalog database in a temporary directory, deleted on dispose.</summary>
internal sealed class TemporaryCatalog : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-catalog-").FullName;

    private TemporaryCatalog() =>
        Database = SqlDatabase.Create(new CatalogOptions { SqlitePath = Path.Combine(_directory, "catalog.db") });

    public SqlDatabase Database { get; }

    public static async Task<TemporaryCatalog> CreateAsync()
    {
        var catalog = new TemporaryCatalog();
        await new CatalogMigrator(catalog.Database, NullLogger<CatalogMigrator>.Instance).StartAsync(CancellationToken.None);
        return catalog;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

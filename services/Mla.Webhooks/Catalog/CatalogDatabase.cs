using System.Data.Common;

namespace Mla.Webhooks.Catalog;

/// <summary>The catalog's database: SQLite by default, PostgreSQL for the microservices deployment.</summary>
public abstract class CatalogDatabase
{
    public abstract CatalogProvider Provider { get; }

    /// <summary>Where the catalog lives, without credentials, for logs.</summary>
    public abstract string Describe();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Serialises migrations across replicas that start at the same time.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public static CatalogDatabase Create(CatalogOptions options) => options.ResolveProvider() switch
    {
        CatalogProvider.Postgres => new PostgresCatalogDatabase(options.ConnectionString
            ?? throw new InvalidOperationException("Mla:Catalog:ConnectionString is required for PostgreSQL")),
        _ => new SqliteCatalogDatabase(options.ConnectionString, options.SqlitePath),
    };
}

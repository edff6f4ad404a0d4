using System.Data.Common;

namespace Mla.Storage;

/// <summary>A service database: SQLite by default, PostgreSQL for the microservices deployment.</summary>
public abstract class SqlDatabase
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Where the catalog lives, without credentials, for logs.</summary>
    public abstract string Describe();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Serialises migrations across replicas that start at the same time.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public static SqlDatabase Create(SqlStoreOptions options) => options.ResolveProvider() switch
    {
        DatabaseProvider.Postgres => new PostgresDatabase(options.ConnectionString
            ?? throw new InvalidOperationException("a PostgreSQL connection string is required for the PostgreSQL provider")),
        _ => new SqliteDatabase(options.ConnectionString, options.SqlitePath),
    };
}

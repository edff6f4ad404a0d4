using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Mla.Storage;

/// <summary>
/// Brings a store's schema up to date, in one transaction, serialised across replicas that start together. Each
/// store keeps its own version table (<c>&lt;store&gt;_schema_migrations</c>), so stores can share a database.
/// </summary>
public static class SqlMigrator
{
    public static async Task MigrateAsync(SqlDatabase database, string store, IReadOnlyList<SqlMigration> steps, ILogger logger, CancellationToken cancellationToken)
    {
        var table = $"{store}_schema_migrations";
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await database.LockForMigrationAsync(connection, transaction, cancellationToken);
        // Under the lock: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent one (both see no
        // table, the second fails on the catalog's unique index), as replicas starting together would do.
        await ExecuteAsync(
            connection,
            transaction,
            $"CREATE TABLE IF NOT EXISTS {table} (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)",
            cancellationToken);
        var current = await CurrentVersionAsync(connection, transaction, table, cancellationToken);
        var applied = 0;
        foreach (var step in steps.Where(step => step.Version > current).OrderBy(step => step.Version))
        {
            foreach (var statement in step.Statements)
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {table} (version, description, applied_at_ms) VALUES (@v, @d, @t)";
            record.AddParameter("@v", step.Version);
            record.AddParameter("@d", step.Description);
            record.AddParameter("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("{Store} migration {Version} applied: {Description}", store, step.Version, step.Description);
            applied++;
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation(
            "{Store} ready in {Database} (schema version {Version}, {Applied} migrations applied now)",
            store, database.Describe(), Math.Max(current, steps.Max(step => step.Version)), applied);
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {table}";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Data.Common;

namespace Mla.Webhooks.Catalog;

/// <summary>Brings the catalog schema up to date before the service takes requests (hosted services start first).</summary>
internal sealed class CatalogMigrator(CatalogDatabase database, ILogger<CatalogMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == CatalogProvider.Sqlite)
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
        }

        await ExecuteAsync(
            connection,
            null,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)",
            cancellationToken);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await database.LockForMigrationAsync(connection, transaction, cancellationToken);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
        var applied = 0;
        foreach (var (version, description, statements) in CatalogMigrations.Steps.Where(step => step.Version > current))
        {
            foreach (var statement in statements)
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, description, applied_at_ms) VALUES (@v, @d, @t)";
            record.AddParameter("@v", version);
            record.AddParameter("@d", description);
            record.AddParameter("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Catalog migration {Version} applied: {Description}", version, description);
            applied++;
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation(
            "Fleet catalog ready in {Catalog} (schema version {Version}, {Applied} migrations applied now)",
            database.Describe(),
            Math.Max(current, CatalogMigrations.Steps[^1].Version),
            applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

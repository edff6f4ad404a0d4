using System.Data.Common;
using Npgsql;

namespace Mla.Storage;

internal sealed class PostgresDatabase(string connectionString) : SqlDatabase
{
    private const long MigrationLockId = 0x4d4c41_0001; // "MLA" + 1

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockId})";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Mla.Storage;

internal sealed class SqliteDatabase : SqlDatabase
{
    private readonly string _connectionString;
    private readonly string _path;

    public SqliteDatabase(string? connectionString, string path)
    {
        var builder = string.IsNullOrEmpty(connectionString)
            ? new SqliteConnectionStringBuilder { DataSource = path }
            : new SqliteConnectionStringBuilder(connectionString);
        builder.DefaultTimeout = 30;
        builder.Pooling = true;
        _path = builder.DataSource;
        _connectionString = builder.ToString();
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string Describe() => $"SQLite {Path.GetFullPath(_path)}";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // SQLite's write transaction already excludes other writers.
}

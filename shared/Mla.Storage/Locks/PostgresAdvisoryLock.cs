using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Mla.Storage.Locks;

/// <summary>
/// A lock across replicas on PostgreSQL: a session advisory lock (key: the first 8 bytes of SHA-256(scope + ":" +
/// key)) on a connection held while the work runs, taken after the caller's in-process lock (so one replica uses one
/// connection per key at a time). If the replica dies, PostgreSQL ends its session and with it the lock.
/// </summary>
public static class PostgresAdvisoryLock
{
    public static long KeyOf(string scope, string key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(scope + ":" + key)), 0);

    /// <summary>Takes the advisory lock of <paramref name="key"/>; the handle releases it, then <paramref name="inProcess"/>.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(SqlDatabase database, string scope, string key, IDisposable inProcess, CancellationToken cancellationToken)
    {
        DbConnection? connection = null;
        try
        {
            connection = await database.OpenAsync(cancellationToken);
            var lockKey = KeyOf(scope, key);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT pg_advisory_lock(@key)";
                command.AddParameter("@key", lockKey);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new Held(connection, lockKey, inProcess);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            inProcess.Dispose();
            throw;
        }
    }

    private sealed class Held(DbConnection connection, long key, IDisposable inProcess) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT pg_advisory_unlock(@key)";
                command.AddParameter("@key", key);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                // An unlock fails on a broken connection, whose session PostgreSQL ends, and the lock with it.
                await connection.DisposeAsync();
                inProcess.Dispose();
            }
        }
    }
}

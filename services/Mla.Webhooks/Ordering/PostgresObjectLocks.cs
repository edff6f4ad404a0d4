using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Mla.Storage;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.Ordering;

/// <summary>
/// Object locks across replicas on a PostgreSQL catalog: a session advisory lock per object (key: the first 8 bytes
/// of SHA-256("mla-catalog:" + kind/key)) on a connection held while the event is handled, taken after the
/// in-process stripe (so one replica uses one connection per stripe at a time). If the replica dies, PostgreSQL
/// ends its session and with it the lock. The same scheme as the tenant service's tenant locks.
/// </summary>
public sealed class PostgresObjectLocks(StripedLock local, [FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database) : IObjectLocks
{
    public static long KeyOf(string objectKey) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("mla-catalog:" + objectKey)), 0);

    public async Task<IAsyncDisposable> AcquireAsync(string objectKey, CancellationToken cancellationToken)
    {
        var inProcess = await local.AcquireAsync(objectKey, cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await database.OpenAsync(cancellationToken);
            var key = KeyOf(objectKey);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT pg_advisory_lock(@key)";
                command.AddParameter("@key", key);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new Held(connection, key, inProcess);
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

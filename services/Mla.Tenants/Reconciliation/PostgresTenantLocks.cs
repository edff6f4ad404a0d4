using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Mla.Storage;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// Tenant locks across replicas on PostgreSQL: a session advisory lock per tenant (key: the first 8 bytes of
/// SHA-256("mla-tenants:" + id)) on a connection held while the work runs, after the in-process lock (so one
/// replica uses one connection per tenant at a time). If the replica dies, PostgreSQL drops the session and its
/// locks. With this the tenant service can run more than one replica.
/// </summary>
public sealed class PostgresTenantLocks(KeyedLock local, SqlDatabase database) : ITenantLocks
{
    public static long KeyOf(string tenantId) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("mla-tenants:" + tenantId)), 0);

    public async Task<IAsyncDisposable> AcquireAsync(string tenantId, CancellationToken cancellationToken)
    {
        var inProcess = await local.AcquireAsync(tenantId, cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await database.OpenAsync(cancellationToken);
            var key = KeyOf(tenantId);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT pg_advisory_lock(@key)";
                command.AddParameter("@key", key);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new Handle(connection, key, inProcess);
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

    private sealed class Handle(DbConnection connection, long key, IDisposable inProcess) : IAsyncDisposable
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
                // Closing returns the connection to the pool; a failed unlock is released by the pool's reset at the
                // latest (Npgsql runs DISCARD ALL, which releases advisory locks).
                await connection.DisposeAsync();
                inProcess.Dispose();
            }
        }
    }
}

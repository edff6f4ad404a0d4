using Mla.Storage;
using Mla.Storage.Locks;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// Tenant locks across replicas on PostgreSQL: the in-process lock, then a session advisory lock per tenant (scope
/// <c>mla-tenants</c>) held while the work runs. With this the tenant service can run more than one replica.
/// </summary>
public sealed class PostgresTenantLocks(StripedLock local, SqlDatabase database) : ITenantLocks
{
    private const string Scope = "mla-tenants";

    public static long KeyOf(string tenantId) => PostgresAdvisoryLock.KeyOf(Scope, tenantId);

    public async Task<IAsyncDisposable> AcquireAsync(string tenantId, CancellationToken cancellationToken) =>
        await PostgresAdvisoryLock.AcquireAsync(database, Scope, tenantId, await local.AcquireAsync(tenantId, cancellationToken), cancellationToken);
}

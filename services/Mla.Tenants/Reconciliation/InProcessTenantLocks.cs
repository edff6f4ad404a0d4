using Mla.Storage.Locks;

namespace Mla.Tenants.Reconciliation;

/// <summary>Tenant locks inside this process: enough for SQLite (one process owns the file).</summary>
public sealed class InProcessTenantLocks(StripedLock local) : ITenantLocks
{
    public async Task<IAsyncDisposable> AcquireAsync(string tenantId, CancellationToken cancellationToken) =>
        await local.AcquireAsync(tenantId, cancellationToken);
}

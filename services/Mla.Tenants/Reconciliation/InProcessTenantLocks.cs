namespace Mla.Tenants.Reconciliation;

/// <summary>Tenant locks inside this process: enough for SQLite (one process owns the file).</summary>
public sealed class InProcessTenantLocks(KeyedLock local) : ITenantLocks
{
    public async Task<IAsyncDisposable> AcquireAsync(string tenantId, CancellationToken cancellationToken) =>
        new Handle(await local.AcquireAsync(tenantId, cancellationToken));

    private sealed class Handle(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

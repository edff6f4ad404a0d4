namespace Mla.Tenants.Reconciliation;

/// <summary>Serialises the work on one tenant: every event, renewal and purge of it runs under its lock.</summary>
public interface ITenantLocks
{
    Task<IAsyncDisposable> AcquireAsync(string tenantId, CancellationToken cancellationToken);
}

using Mla.Contracts.Tenants;

namespace Mla.Tenants.Purge;

/// <summary>
/// Deletes a deprovisioned tenant's data from every configured store and verifies that nothing is left. Called by the
/// reconciler only when <c>Mla:Tenants:PurgeDataOnDelete</c> is on. Idempotent: purging an already empty tenant is a
/// verified no-op. Never throws for a store's failure: the result says which store is not verified and why.
/// </summary>
public interface ITenantDataPurge
{
    Task<TenantPurge> PurgeAsync(string tenantId, CancellationToken cancellationToken);
}

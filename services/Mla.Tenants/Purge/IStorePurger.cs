namespace Mla.Tenants.Purge;

/// <summary>Deletes one tenant's data from one store through its API and asks the store whether anything is left.</summary>
internal interface IStorePurger
{
    /// <summary>Throws <see cref="StoreRequestException"/> when the store cannot be asked; cancellation only for the caller's token.</summary>
    Task<PurgeResult> PurgeAsync(string tenantId, CancellationToken cancellationToken);
}

namespace Mla.Webhooks.Catalog;

/// <summary>The last known desired state of every object of the fleet.</summary>
public interface IFleetCatalog
{
    Task<CatalogEntry?> GetAsync(ObjectKind kind, string key, CancellationToken cancellationToken);

    /// <summary>Stores the entry unless the catalog holds a newer state of the same object; false when it was older.</summary>
    Task<bool> UpsertAsync(CatalogEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<CatalogEntry>> ListAsync(CatalogQuery query, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every entry, deleted ones (tombstones) included, ordered by kind and key.</summary>
    IAsyncEnumerable<CatalogEntry> StreamAllAsync(CancellationToken cancellationToken);
}

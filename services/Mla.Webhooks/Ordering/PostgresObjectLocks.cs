using Mla.Storage;
using Mla.Storage.Locks;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.Ordering;

/// <summary>
/// Object locks across replicas on a PostgreSQL catalog: the in-process stripe, then a session advisory lock per
/// object (scope <c>mla-catalog</c>) held while the event is handled — the scheme of the tenant service's locks.
/// </summary>
public sealed class PostgresObjectLocks(StripedLock local, [FromKeyedServices(CatalogOptions.SectionName)] SqlDatabase database) : IObjectLocks
{
    private const string Scope = "mla-catalog";

    public static long KeyOf(string objectKey) => PostgresAdvisoryLock.KeyOf(Scope, objectKey);

    public async Task<IAsyncDisposable> AcquireAsync(string objectKey, CancellationToken cancellationToken) =>
        await PostgresAdvisoryLock.AcquireAsync(database, Scope, objectKey, await local.AcquireAsync(objectKey, cancellationToken), cancellationToken);
}

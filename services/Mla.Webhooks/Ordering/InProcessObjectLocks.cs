using Mla.Storage.Locks;

namespace Mla.Webhooks.Ordering;

/// <summary>One process only (the SQLite catalog): the striped in-process lock is enough.</summary>
public sealed class InProcessObjectLocks(StripedLock local) : IObjectLocks
{
    public async Task<IAsyncDisposable> AcquireAsync(string objectKey, CancellationToken cancellationToken) =>
        await local.AcquireAsync(objectKey, cancellationToken);
}

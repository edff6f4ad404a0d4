namespace Mla.Webhooks.Ordering;

/// <summary>
/// Serialises the handling of events for one fleet object (kind and key) from the stale check to the catalog write,
/// so that an older state is never published after a newer one. Events for different objects proceed in parallel.
/// </summary>
public interface IObjectLocks
{
    Task<IAsyncDisposable> AcquireAsync(string objectKey, CancellationToken cancellationToken);
}

namespace Mla.Webhooks.Ordering;

/// <summary>One process only (the SQLite catalog): the striped in-process lock is enough.</summary>
public sealed class InProcessObjectLocks(StripedLock local) : IObjectLocks
{
    public async Task<IAsyncDisposable> AcquireAsync(string objectKey, CancellationToken cancellationToken) =>
        new Held(await local.AcquireAsync(objectKey, cancellationToken));

    private sealed class Held(IDisposable inProcess) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inProcess.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

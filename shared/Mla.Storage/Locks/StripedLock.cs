namespace Mla.Storage.Locks;

/// <summary>
/// Serialises work on one key (an object, a tenant) inside this process while other keys proceed in parallel: a
/// fixed set of semaphores chosen by the key's hash. Across replicas, <see cref="PostgresAdvisoryLock"/> comes after it.
/// </summary>
public sealed class StripedLock : IDisposable
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<Held> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Held(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    /// <summary>The held stripe; released once, however often it is disposed.</summary>
    public sealed class Held(SemaphoreSlim stripe) : IDisposable, IAsyncDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

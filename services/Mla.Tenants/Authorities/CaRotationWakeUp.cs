namespace Mla.Tenants.Authorities;

/// <summary>Wakes the rotation worker before its next check (a rotation was just started on this replica).</summary>
public sealed class CaRotationWakeUp : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Poke()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already poked: one wake-up covers both.
        }
    }

    /// <summary>Returns when poked or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

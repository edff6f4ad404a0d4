namespace Mla.Exporters.Rollouts;

/// <summary>Wakes the rollout loop before its interval ends (a rollout was created, paused, resumed or aborted).</summary>
public sealed class RolloutSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public void Dispose() => _wake.Dispose();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}

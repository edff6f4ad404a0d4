namespace Mla.Tenants.Purge;

/// <summary>The time left to verify one store's purge, on the monotonic clock of the <see cref="TimeProvider"/>.</summary>
internal sealed class VerifyDeadline(TimeProvider time, TimeSpan timeout)
{
    private readonly long _start = time.GetTimestamp();

    public TimeSpan Timeout => timeout;

    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    public bool Passed => Elapsed >= timeout;

    /// <summary>Waits <paramref name="interval"/>, or less when the deadline comes first.</summary>
    public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var left = timeout - Elapsed;
        var wait = left < interval ? left : interval;
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}

namespace Mla.Grafana.Api;

/// <summary>Spaces writes to at most <c>perSecond</c>: each write reserves the next slot and waits for it.</summary>
public sealed class WriteThrottle(double perSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly long _interval = (long)(time.TimestampFrequency / perSecond);
    private long _next;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        long now;
        long slot;
        lock (_gate)
        {
            now = time.GetTimestamp();
            slot = Math.Max(now, _next);
            _next = slot + _interval;
        }

        return slot > now ? Task.Delay(time.GetElapsedTime(now, slot), time, cancellationToken) : Task.CompletedTask;
    }
}

namespace Mla.Writer.Tenants;

/// <summary>Counts the drops of one sink and tenant between log lines: the first drop is logged at once, then at most one line per interval.</summary>
internal sealed class DropLogThrottle(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private long _count;
    private long? _loggedAt;

    /// <summary>Adds one drop; returns the drops to log when a line is due, null otherwise.</summary>
    public long? Add(TimeProvider time)
    {
        lock (_gate)
        {
            _count++;
            var now = time.GetTimestamp();
            if (_loggedAt is { } last && time.GetElapsedTime(last, now) < interval)
            {
                return null;
            }

            var count = _count;
            _count = 0;
            _loggedAt = now;
            return count;
        }
    }
}

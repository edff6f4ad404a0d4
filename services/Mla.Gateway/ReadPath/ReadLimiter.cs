using System.Collections.Concurrent;
using Mla.Gateway.Limits;

namespace Mla.Gateway.ReadPath;

/// <summary>Queries per second and burst per read credential (a token bucket each); the limits apply at once when changed.</summary>
public sealed class ReadLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public RateDecision TryTake(ReadCaller caller, ReadLimits limits)
    {
        var now = time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(caller.Name, _ => new TokenBucket(limits.QueriesPerSecond, limits.QueryBurst, now, time.TimestampFrequency));
        if (!bucket.HasLimits(limits.QueriesPerSecond, limits.QueryBurst))
        {
            bucket.Reconfigure(limits.QueriesPerSecond, limits.QueryBurst, now);
        }

        return bucket.TryTake(1, now);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mla.Gateway.Limits;

namespace Mla.Gateway.ReadPath;

/// <summary>Queries per second and burst per read credential (a token bucket each); the limits apply at once when changed.</summary>
public sealed class ReadLimiter(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public RateDecision TryTake(ReadCaller caller)
    {
        var settings = options.Value.ReadPath;
        var now = time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(caller.Name, _ => new TokenBucket(settings.QueriesPerSecond, settings.QueryBurst, now, time.TimestampFrequency));
        if (!bucket.HasLimits(settings.QueriesPerSecond, settings.QueryBurst))
        {
            bucket.Reconfigure(settings.QueriesPerSecond, settings.QueryBurst, now);
        }

        return bucket.TryTake(1, now);
    }
}

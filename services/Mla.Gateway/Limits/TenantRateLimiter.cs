using System.Collections.Concurrent;

namespace Mla.Gateway.Limits;

/// <summary>
/// One token bucket per tenant, kept apart from the tenant table so that replacing the table (configuration reload,
/// tenant events) keeps each tenant's state and applies its new limits.
/// </summary>
public sealed class TenantRateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public RateDecision TryTake(string tenantId, TenantLimits limits, int samples)
    {
        var now = time.GetTimestamp();
        return Bucket(tenantId, limits, now).TryTake(samples, now);
    }

    public void Return(string tenantId, TenantLimits limits, int samples)
    {
        var now = time.GetTimestamp();
        Bucket(tenantId, limits, now).Return(samples, now);
    }

    private TokenBucket Bucket(string tenantId, TenantLimits limits, long now)
    {
        var bucket = _buckets.GetOrAdd(
            tenantId,
            static (_, state) => new TokenBucket(state.limits.IngestionRate, state.limits.IngestionBurstSize, state.now, state.frequency),
            (limits, now, frequency: time.TimestampFrequency));
        if (!bucket.HasLimits(limits.IngestionRate, limits.IngestionBurstSize))
        {
            bucket.Reconfigure(limits.IngestionRate, limits.IngestionBurstSize, now);
        }

        return bucket;
    }
}

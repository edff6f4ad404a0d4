using System.Collections.Concurrent;

namespace Mla.Gateway.Limits;

/// <summary>
/// One token bucket per tenant, kept apart from the tenant table so that replacing the table (configuration reload,
/// tenant events) keeps each tenant's state and applies its new limits. The metrics path's limiter counts samples;
/// the logs path has its own (<see cref="LogRateLimiter"/>) counting bytes.
/// </summary>
public sealed class TenantRateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public RateDecision TryTake(string tenantId, TenantLimits limits, int samples) =>
        TryTake(tenantId, limits.IngestionRate, limits.IngestionBurstSize, samples);

    public void Return(string tenantId, TenantLimits limits, int samples) =>
        Return(tenantId, limits.IngestionRate, limits.IngestionBurstSize, samples);

    /// <summary>Takes <paramref name="count"/> units (samples, bytes) from the tenant's bucket, refilled at <paramref name="rate"/> per second up to <paramref name="burst"/>.</summary>
    public RateDecision TryTake(string tenantId, double rate, int burst, int count)
    {
        var now = time.GetTimestamp();
        return Bucket(tenantId, rate, burst, now).TryTake(count, now);
    }

    public void Return(string tenantId, double rate, int burst, int count)
    {
        var now = time.GetTimestamp();
        Bucket(tenantId, rate, burst, now).Return(count, now);
    }

    private TokenBucket Bucket(string tenantId, double rate, int burst, long now)
    {
        var bucket = _buckets.GetOrAdd(
            tenantId,
            static (_, state) => new TokenBucket(state.rate, state.burst, state.now, state.frequency),
            (rate, burst, now, frequency: time.TimestampFrequency));
        if (!bucket.HasLimits(rate, burst))
        {
            bucket.Reconfigure(rate, burst, now);
        }

        return bucket;
    }
}

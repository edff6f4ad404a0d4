namespace Mla.Gateway.Limits;

/// <summary>The logs path's per-tenant buckets of bytes (lines and structured metadata), apart from the samples' buckets.</summary>
public sealed class LogRateLimiter(TimeProvider time)
{
    private readonly TenantRateLimiter _buckets = new(time);

    public RateDecision TryTake(string tenantId, TenantLogLimits limits, int bytes) =>
        _buckets.TryTake(tenantId, limits.IngestionRateBytes, limits.IngestionBurstBytes, bytes);

    public void Return(string tenantId, TenantLogLimits limits, int bytes) =>
        _buckets.Return(tenantId, limits.IngestionRateBytes, limits.IngestionBurstBytes, bytes);
}

using Mla.Gateway.Limits;

namespace Mla.Gateway.Tests.Limits;

public sealed class TokenBucketTests
{
    private const long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void The_burst_is_available_at_once_then_the_rate_refills()
    {
        var bucket = new TokenBucket(rate: 100, burst: 1000, now: 0, Second);

        Assert.True(bucket.TryTake(1000, 0).IsAllowed);
        var refused = bucket.TryTake(50, 0);
        Assert.False(refused.IsAllowed);
        Assert.False(refused.IsNeverAllowed);
        Assert.Equal(TimeSpan.FromSeconds(0.5), refused.RetryAfter);
        Assert.True(bucket.TryTake(50, Second / 2).IsAllowed);
        Assert.False(bucket.TryTake(1, Second / 2).IsAllowed);
    }

    [Fact]
    public void Refill_stops_at_the_burst()
    {
        var bucket = new TokenBucket(rate: 100, burst: 1000, now: 0, Second);
        Assert.True(bucket.TryTake(1000, 0).IsAllowed);

        Assert.True(bucket.TryTake(1000, 3600 * Second).IsAllowed);
        Assert.False(bucket.TryTake(1, 3600 * Second).IsAllowed);
    }

    [Fact]
    public void A_request_larger_than_the_burst_never_passes()
    {
        var bucket = new TokenBucket(rate: 100, burst: 1000, now: 0, Second);

        var decision = bucket.TryTake(1001, 3600 * Second);

        Assert.True(decision.IsNeverAllowed);
        Assert.True(bucket.TryTake(1000, 3600 * Second).IsAllowed);
    }

    [Fact]
    public void Returned_tokens_can_be_taken_again_but_not_above_the_burst()
    {
        var bucket = new TokenBucket(rate: 1, burst: 10, now: 0, Second);
        Assert.True(bucket.TryTake(10, 0).IsAllowed);

        bucket.Return(10, 0);
        bucket.Return(10, 0);

        Assert.True(bucket.TryTake(10, 0).IsAllowed);
        Assert.False(bucket.TryTake(1, 0).IsAllowed);
    }

    [Fact]
    public void New_limits_apply_and_cap_the_tokens()
    {
        var bucket = new TokenBucket(rate: 1, burst: 100, now: 0, Second);

        bucket.Reconfigure(rate: 10, burst: 20, now: 0);

        Assert.True(bucket.HasLimits(10, 20));
        Assert.False(bucket.TryTake(21, 0).IsAllowed);
        Assert.True(bucket.TryTake(20, 0).IsAllowed);
        Assert.True(bucket.TryTake(10, Second).IsAllowed);
    }

    [Fact]
    public void The_limiter_keeps_one_bucket_per_tenant()
    {
        var time = Support.TestTime.Clock();
        var limiter = new TenantRateLimiter(time);
        var limits = TenantLimits.Resolve(new LimitsOptions { IngestionRate = 10, IngestionBurstSize = 10 }, null);

        Assert.True(limiter.TryTake("a", limits, 10).IsAllowed);
        Assert.False(limiter.TryTake("a", limits, 1).IsAllowed);
        Assert.True(limiter.TryTake("b", limits, 10).IsAllowed);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryTake("a", limits, 10).IsAllowed);
    }
}

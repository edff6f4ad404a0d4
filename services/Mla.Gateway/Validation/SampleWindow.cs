namespace Mla.Gateway.Validation;

/// <summary>Accepted sample timestamps for one request (Unix ms, inclusive), from the tenant's age limits and the clock.</summary>
public readonly record struct SampleWindow(long MinTimestampMs, long MaxTimestampMs)
{
    public static SampleWindow At(DateTimeOffset now, TimeSpan maxAge, TimeSpan maxFutureSkew) => new(
        (now - maxAge).ToUnixTimeMilliseconds(),
        (now + maxFutureSkew).ToUnixTimeMilliseconds());
}

namespace Mla.Gateway.Limits;

/// <summary>What a <see cref="TokenBucket"/> said: allowed, wait <see cref="RetryAfter"/>, or never (more than the burst).</summary>
public readonly record struct RateDecision(bool IsAllowed, bool IsNeverAllowed, TimeSpan RetryAfter)
{
    public static RateDecision Allowed => new(true, false, TimeSpan.Zero);

    public static RateDecision NeverAllowed => new(false, true, TimeSpan.Zero);

    public static RateDecision Wait(TimeSpan retryAfter) => new(false, false, retryAfter);
}

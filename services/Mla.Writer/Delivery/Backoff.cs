namespace Mla.Writer.Delivery;

/// <summary>
/// Exponential back-off with full jitter: the n-th retry (0-based) waits a uniformly random time in
/// [0, min(max, initial·2ⁿ)], or the sink's <c>Retry-After</c> when that is longer (still capped at max).
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public TimeSpan Initial => initial;

    public TimeSpan Max => max;

    /// <summary>The upper bound of the wait before retry <paramref name="attempt"/>.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt, 0, 62));
        var ticks = initial.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    public TimeSpan Next(int attempt, TimeSpan? retryAfter = null)
    {
        var wait = TimeSpan.FromTicks((long)(Ceiling(attempt).Ticks * _random()));
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked < max ? asked : max;
        }

        return wait;
    }
}

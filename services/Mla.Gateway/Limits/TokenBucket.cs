namespace Mla.Gateway.Limits;

/// <summary>
/// A token bucket of samples: refills at <c>rate</c> per second up to <c>burst</c>; a request takes all its samples
/// at once or none. Times are <see cref="TimeProvider.GetTimestamp"/> ticks. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly long _frequency;
    private double _rate;
    private double _burst;
    private double _tokens;
    private long _updated;

    public TokenBucket(double rate, int burst, long now, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _rate = rate;
        _burst = burst;
        _tokens = burst;
        _updated = now;
        _frequency = timestampFrequency;
    }

    /// <summary>Takes <paramref name="count"/> tokens if there are enough; otherwise says how long until there would be.</summary>
    public RateDecision TryTake(int count, long now)
    {
        lock (_gate)
        {
            Refill(now);
            if (count <= _tokens)
            {
                _tokens -= count;
                return RateDecision.Allowed;
            }

            if (count > _burst)
            {
                return RateDecision.NeverAllowed;
            }

            return RateDecision.Wait(TimeSpan.FromSeconds((count - _tokens) / _rate));
        }
    }

    /// <summary>Gives tokens back (a request whose data Kafka did not take), never above the burst.</summary>
    public void Return(int count, long now)
    {
        lock (_gate)
        {
            Refill(now);
            _tokens = Math.Min(_burst, _tokens + count);
        }
    }

    /// <summary>Applies new limits, keeping the tokens there are (capped by the new burst).</summary>
    public void Reconfigure(double rate, int burst, long now)
    {
        lock (_gate)
        {
            Refill(now);
            _rate = rate;
            _burst = burst;
            _tokens = Math.Min(_tokens, burst);
        }
    }

    public bool HasLimits(double rate, int burst)
    {
        lock (_gate)
        {
            return _rate == rate && _burst == burst;
        }
    }

    private void Refill(long now)
    {
        if (now > _updated)
        {
            _tokens = Math.Min(_burst, _tokens + ((now - _updated) * _rate / _frequency));
            _updated = now;
        }
    }
}

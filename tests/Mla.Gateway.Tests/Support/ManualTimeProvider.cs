namespace Mla.Gateway.Tests.Support;

/// <summary>A clock that moves only when told to (wall clock and timestamps together).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = now;
    private long _ticks = 1_000_000;

    public ManualTimeProvider()
        : this(DefaultNow)
    {
    }

    public long NowMs => _now.ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _ticks += by.Ticks;
    }
}

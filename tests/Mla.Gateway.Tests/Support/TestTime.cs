using Microsoft.Extensions.Time.Testing;

namespace Mla.Gateway.Tests.Support;

/// <summary>The fixed "now" of the gateway tests and a fake clock that starts there and moves only when told to.</summary>
internal static class TestTime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Now);
}

using Microsoft.Extensions.Time.Testing;
using Mla.Gateway.Observability;

namespace Mla.Gateway.Tests.Observability;

public sealed class RefusalLogLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_first_refusal_is_written_and_the_repeats_within_the_window_are_only_counted()
    {
        var clock = new FakeTimeProvider();
        var limiter = new RefusalLogLimiter(clock, Window);

        Assert.True(limiter.ShouldWrite("c1", "rate_limited", out var suppressed));
        Assert.Equal(0, suppressed);
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(limiter.ShouldWrite("c1", "rate_limited", out _));
        }

        clock.Advance(TimeSpan.FromSeconds(4)); // 9 s after the written line: still inside
        Assert.False(limiter.ShouldWrite("c1", "rate_limited", out _));

        clock.Advance(TimeSpan.FromSeconds(1)); // 10 s after it: a new line, saying how many were held back
        Assert.True(limiter.ShouldWrite("c1", "rate_limited", out suppressed));
        Assert.Equal(6, suppressed);

        clock.Advance(Window);
        Assert.True(limiter.ShouldWrite("c1", "rate_limited", out suppressed));
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void Each_tenant_and_reason_has_its_own_window()
    {
        var limiter = new RefusalLogLimiter(new FakeTimeProvider(), Window);

        Assert.True(limiter.ShouldWrite("c1", "rate_limited", out _));
        Assert.True(limiter.ShouldWrite("c2", "rate_limited", out _));
        Assert.True(limiter.ShouldWrite("c1", "invalid_protobuf", out _));
        Assert.True(limiter.ShouldWrite("", "unauthenticated", out _));

        Assert.False(limiter.ShouldWrite("c1", "rate_limited", out _));
        Assert.False(limiter.ShouldWrite("c2", "rate_limited", out _));
        Assert.False(limiter.ShouldWrite("c1", "invalid_protobuf", out _));
        Assert.False(limiter.ShouldWrite("", "unauthenticated", out _));
    }

    [Fact]
    public void Beyond_the_tracked_pairs_new_tenants_share_one_window_per_reason_until_old_windows_pass()
    {
        var clock = new FakeTimeProvider();
        var limiter = new RefusalLogLimiter(clock, Window, maxKeys: 2);
        Assert.True(limiter.ShouldWrite("a", "forbidden", out _));
        Assert.True(limiter.ShouldWrite("b", "forbidden", out _));

        // The table is full and nobody's window has passed: c and d share the overflow window.
        Assert.True(limiter.ShouldWrite("c", "forbidden", out _));
        Assert.False(limiter.ShouldWrite("d", "forbidden", out _));
        Assert.False(limiter.ShouldWrite("a", "forbidden", out _)); // a keeps its own window

        // Once the windows have passed, the quiet pairs are dropped and a new tenant gets its own window again.
        clock.Advance(Window);
        Assert.True(limiter.ShouldWrite("e", "forbidden", out var suppressed));
        Assert.Equal(0, suppressed);
        Assert.False(limiter.ShouldWrite("e", "forbidden", out _));
    }
}

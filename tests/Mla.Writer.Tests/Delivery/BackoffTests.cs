using Mla.Writer.Delivery;

namespace Mla.Writer.Tests.Delivery;

public sealed class BackoffTests
{
    [Fact]
    public void The_ceiling_doubles_from_the_initial_delay_up_to_the_max()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        Assert.Equal(
            [100, 200, 400, 800, 1600, 2000, 2000],
            Enumerable.Range(0, 7).Select(a => backoff.Ceiling(a).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Ceiling(10_000));
    }

    [Fact]
    public void Full_jitter_stays_between_zero_and_the_ceiling()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        for (var attempt = 0; attempt < 20; attempt++)
        {
            for (var i = 0; i < 200; i++)
            {
                var wait = backoff.Next(attempt);
                Assert.InRange(wait, TimeSpan.Zero, backoff.Ceiling(attempt));
            }
        }

        Assert.Equal(TimeSpan.Zero, new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), () => 0).Next(3));
        Assert.Equal(TimeSpan.FromSeconds(4), new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), () => 0.5).Next(3));
    }

    [Fact]
    public void A_longer_Retry_After_wins_but_never_passes_the_max()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(3), backoff.Next(0, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(5), backoff.Next(0, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.Next(4, TimeSpan.FromMilliseconds(10)));
    }
}

using Mla.Gateway.Limits;

namespace Mla.Gateway.Tests.Limits;

public sealed class InFlightBudgetTests
{
    [Fact]
    public void Reservations_fail_once_full_and_succeed_after_release()
    {
        var budget = new InFlightBudget(100);

        Assert.True(budget.TryReserve(60));
        Assert.False(budget.TryReserve(41));
        Assert.True(budget.TryReserve(40));
        budget.Release(60);
        Assert.True(budget.TryReserve(60));
        Assert.Equal(100, budget.Used);
    }

    [Fact]
    public void Concurrent_reservations_never_exceed_the_capacity()
    {
        var budget = new InFlightBudget(1000);
        var granted = 0;

        Parallel.For(0, 10_000, _ =>
        {
            if (budget.TryReserve(7))
            {
                Interlocked.Add(ref granted, 7);
            }
        });

        Assert.Equal(994, granted);
        Assert.Equal(994, budget.Used);
    }
}

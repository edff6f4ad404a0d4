using System.Diagnostics;

namespace Mla.IntegrationTests.Support;

/// <summary>Polls a condition until it holds or the deadline passes (never a fixed sleep).</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"not reached within {timeout.TotalSeconds:0} s: {describe(value)}");
            }

            await Task.Delay(Interval);
        }
    }
}

using System.Diagnostics;

namespace Mla.Benchmarks.Load;

/// <summary>
/// Waits until processes are idle: after a run, a receiver may still work on what it took (VictoriaMetrics merges
/// its in-memory parts, librdkafka finishes its batches); that CPU belongs to the run, and it must not land in the
/// next target's run.
/// </summary>
internal static class CpuIdle
{
    /// <summary>Below this share of one core over a second, a process set counts as idle.</summary>
    private const double IdleShare = 0.03;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    /// <returns>How long it took.</returns>
    public static async Task<TimeSpan> WaitAsync(Func<IReadOnlyCollection<int>> pids, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var before = ProcessCpu.Seconds(pids());
        while (clock.Elapsed < limit)
        {
            await Task.Delay(Step);
            var now = ProcessCpu.Seconds(pids());
            if (now - before <= IdleShare * Step.TotalSeconds)
            {
                break;
            }

            before = now;
        }

        return clock.Elapsed;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>
/// Checks /proc directly (not through the fixtures' own helpers) that processes have ended. A pid counts as the
/// same process only with the same start time, so a pid reused by the kernel does not fail the check; a zombie
/// has exited and only waits for its parent to reap it.
/// </summary>
internal static class ProcessesGone
{
    public static Dictionary<int, string> Snapshot(IEnumerable<int> pids) =>
        pids.Select(pid => (pid, start: StartTime(pid))).Where(p => p.start is not null).ToDictionary(p => p.pid, p => p.start!);

    public static async Task AssertAllGoneAsync(Dictionary<int, string> snapshot)
    {
        var clock = Stopwatch.StartNew();
        List<int> alive;
        while ((alive = [.. snapshot.Where(p => StartTime(p.Key) == p.Value).Select(p => p.Key)]).Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }

        Assert.True(alive.Count == 0, $"Still running after dispose: {string.Join(", ", alive.Select(Describe))}");
    }

    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is "Z" or "X" ? null : fields[19];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Describe(int pid)
    {
        try
        {
            return string.Create(CultureInfo.InvariantCulture, $"{pid} ({File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()})");
        }
        catch (IOException)
        {
            return pid.ToString(CultureInfo.InvariantCulture);
        }
    }
}

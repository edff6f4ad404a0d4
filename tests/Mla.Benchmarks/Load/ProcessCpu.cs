using System.Globalization;

namespace Mla.Benchmarks.Load;

/// <summary>CPU time (user + system, all threads) of a set of processes, read from /proc/&lt;pid&gt;/stat.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100.0; // USER_HZ (getconf CLK_TCK) on Linux

    public static double Seconds(IEnumerable<int> pids) => pids.Sum(Seconds);

    /// <summary>The load generator itself (this process).</summary>
    public static double Own() => Seconds(Environment.ProcessId);

    private static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name in parentheses (which may contain spaces); utime and stime are 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0; // the process is gone
        }
    }
}

using System.Globalization;

namespace Mla.Benchmarks.Agents;

/// <summary>Resident memory of one process from <c>/proc/&lt;pid&gt;/status</c>: <c>VmRSS</c> now and <c>VmHWM</c>, its peak since it started.</summary>
internal static class ProcessMemory
{
    /// <summary>(RSS, peak RSS) in bytes; null when the process is gone.</summary>
    public static (long Rss, long Peak)? Read(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (IOException)
        {
            return null;
        }

        long? rss = null;
        long? peak = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return rss is { } r && peak is { } p ? (r, p) : null;
    }

    // "VmRSS:     12345 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

using System.Globalization;

namespace Mla.TestSupport.Processes;

/// <summary>
/// Reads the process table from /proc. A process is identified by its pid and its start time (in clock ticks
/// since boot), so that a pid reused by the kernel for an unrelated process is never signalled.
/// </summary>
public static class ProcessTree
{
    /// <summary>The start time of <paramref name="pid"/>, or null when it is gone or a zombie.</summary>
    public static long? StartTime(int pid) => ReadStat(pid) is { } stat && stat.State is not ('Z' or 'X') ? stat.StartTime : null;

    /// <summary>True while the process runs (a zombie counts as gone: it has exited and only waits to be reaped).</summary>
    public static bool IsAlive(int pid) => StartTime(pid) is not null;

    /// <summary>True while the same process (same pid and start time) runs.</summary>
    public static bool IsAlive(int pid, long startTime) => StartTime(pid) == startTime;

    /// <summary>All living descendants of <paramref name="pid"/> with their start times, children first.</summary>
    public static IReadOnlyList<(int Pid, long StartTime)> Descendants(int pid)
    {
        var children = new Dictionary<int, List<(int Pid, long StartTime)>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)
                || ReadStat(candidate) is not { } stat || stat.State is 'Z' or 'X')
            {
                continue;
            }

            if (!children.TryGetValue(stat.ParentPid, out var list))
            {
                children[stat.ParentPid] = list = [];
            }

            list.Add((candidate, stat.StartTime));
        }

        var result = new List<(int Pid, long StartTime)>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var parent))
        {
            if (children.TryGetValue(parent, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    queue.Enqueue(child.Pid);
                }
            }
        }

        return result;
    }

    private static (char State, int ParentPid, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ..." where comm may hold spaces and parentheses: split after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}

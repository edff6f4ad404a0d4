using System.Globalization;

namespace Mla.TestSupport.Processes;

/// <summary>
/// A server instance's own directory under <c>$TMPDIR/mla-test/</c> (data, config, logs), unique per instance so
/// that test runs side by side never share one. It records the test process and the server PIDs, so that a later
/// run can clean up after a test process that was killed before it could stop its servers.
/// </summary>
public sealed class InstanceDirectory : IDisposable
{
    private const string OwnerFile = "owner";
    private const string PidsFile = "pids";
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mla-test");
    private static readonly Lazy<bool> StaleSwept = new(SweepStale);

    private InstanceDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates <c>mla-test/&lt;kind&gt;-&lt;pid&gt;-&lt;random&gt;</c>, mode 0755 (a server may run as another user).</summary>
    public static InstanceDirectory Create(string kind)
    {
        _ = StaleSwept.Value;
        if (!Directory.Exists(Root))
        {
            // Sticky and world-writable like /tmp: runs of different users share the root, never a subdirectory.
            Directory.CreateDirectory(Root);
            TrySetMode(Root, (UnixFileMode)0b1_111_111_111);
        }

        var path = System.IO.Path.Combine(Root, $"{kind}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(path);
        TrySetMode(path, (UnixFileMode)0b111_101_101);
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), $"{Environment.ProcessId} {ProcessTree.StartTime(Environment.ProcessId)}\n");
        return new InstanceDirectory(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// Records a server process, so that a later run can stop it if this test process dies first: with
    /// <paramref name="stopSignal"/>, then SIGKILL for its whole tree a few seconds later.
    /// </summary>
    public void Track(ChildProcess child, UnixSignal stopSignal = UnixSignal.Kill) =>
        File.AppendAllText(Combine(PidsFile), $"{child.Id} {ProcessTree.StartTime(child.Id)} {(int)stopSignal}\n");

    public void Dispose() => DeleteWithRetries(Path);

    private static bool SweepStale()
    {
        if (!Directory.Exists(Root))
        {
            return true;
        }

        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            try
            {
                SweepIfOrphaned(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Another user's or a half-written instance: not ours to judge.
            }
        }

        return true;
    }

    private static void SweepIfOrphaned(string directory)
    {
        var ownerPath = System.IO.Path.Combine(directory, OwnerFile);
        if (!File.Exists(ownerPath))
        {
            // Being created right now, or left empty long ago.
            if (Directory.GetCreationTimeUtc(directory) > DateTime.UtcNow.AddHours(-1))
            {
                return;
            }
        }
        else if (ParsePidLine(File.ReadAllText(ownerPath)) is { } owner && ProcessTree.IsAlive(owner.Pid, owner.StartTime))
        {
            return;
        }

        var pidsPath = System.IO.Path.Combine(directory, PidsFile);
        if (File.Exists(pidsPath))
        {
            StopLeftovers(File.ReadAllLines(pidsPath));
        }

        Console.WriteLine($"mla-test: removed the instance {directory} left behind by a test process that is gone");
        DeleteWithRetries(directory);
    }

    /// <summary>Each recorded server gets its own stop signal (PostgreSQL: SIGINT, which also frees its shared memory), then SIGKILL.</summary>
    private static void StopLeftovers(IEnumerable<string> pidLines)
    {
        var tree = new List<(int Pid, long StartTime)>();
        foreach (var line in pidLines)
        {
            if (ParsePidLine(line) is { } server && ProcessTree.IsAlive(server.Pid, server.StartTime))
            {
                var descendants = ProcessTree.Descendants(server.Pid);
                tree.Add((server.Pid, server.StartTime));
                tree.AddRange(descendants);
                Libc.Signal(server.Pid, server.Signal);
                foreach (var (pid, _) in server.Signal == UnixSignal.Kill ? descendants : [])
                {
                    Libc.Signal(pid, UnixSignal.Kill);
                }
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (tree.Any(p => ProcessTree.IsAlive(p.Pid, p.StartTime)) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        foreach (var (pid, _) in tree.Where(p => ProcessTree.IsAlive(p.Pid, p.StartTime)))
        {
            Libc.Signal(pid, UnixSignal.Kill);
        }
    }

    private static (int Pid, long StartTime, UnixSignal Signal)? ParsePidLine(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (pid, start, parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var signal) ? (UnixSignal)signal : UnixSignal.Kill)
            : null;
    }

    private static void DeleteWithRetries(string path)
    {
        // A process killed a moment ago may still be closing files in it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }

    private static void TrySetMode(string path, UnixFileMode mode)
    {
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Created by another user a moment ago: theirs sets the mode.
        }
    }
}

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

    /// <summary>Records a server process, so that a later run can kill it if this test process dies first.</summary>
    public void Track(ChildProcess child) =>
        File.AppendAllText(Combine(PidsFile), $"{child.Id} {ProcessTree.StartTime(child.Id)}\n");

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
        else if (ParsePidLine(File.ReadAllText(ownerPath)) is var (ownerPid, ownerStart) && ProcessTree.IsAlive(ownerPid, ownerStart))
        {
            return;
        }

        var pidsPath = System.IO.Path.Combine(directory, PidsFile);
        if (File.Exists(pidsPath))
        {
            foreach (var line in File.ReadAllLines(pidsPath))
            {
                if (ParsePidLine(line) is var (pid, start) && ProcessTree.IsAlive(pid, start))
                {
                    foreach (var (descendant, _) in ProcessTree.Descendants(pid))
                    {
                        Libc.Signal(descendant, UnixSignal.Kill);
                    }

                    Libc.Signal(pid, UnixSignal.Kill);
                }
            }
        }

        Console.WriteLine($"mla-test: removed the instance {directory} left behind by a test process that is gone");
        DeleteWithRetries(directory);
    }

    private static (int Pid, long StartTime)? ParsePidLine(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (pid, start)
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

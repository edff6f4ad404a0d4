using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mla.TestSupport.Processes;

/// <summary>
/// A server started by a fixture: its output goes to a log file, and it is stopped by PID together with every
/// process it started (a signal, a grace period, then SIGKILL for whatever is left of the tree).
/// </summary>
/// <remarks>
/// Standard input stays an open pipe: a child that watches it (the Kafka mock's --exit-on-stdin-eof) ends when
/// the test process dies. Children still running when the test process exits normally are killed then.
/// </remarks>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Running = new();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly Action<string>? _onOutputLine;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, long> _tree = new();
    private bool _logClosed;

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in Running.Keys)
        {
            child.KillTreeNow();
        }
    };

    private ChildProcess(ChildProcessSpec spec)
    {
        LogPath = spec.LogPath;
        _onOutputLine = spec.OnOutputLine;
        _log = new StreamWriter(new FileStream(spec.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isOutput: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isOutput: false);
        _process.Exited += (_, _) => _exited.TrySetResult();
    }

    /// <summary>The process id of the started program.</summary>
    public int Id { get; private set; }

    /// <summary>The file holding its stdout and stderr.</summary>
    public string LogPath { get; }

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Completes when the program itself has exited (its children may still run).</summary>
    public Task Exited => _exited.Task;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    public static ChildProcess Start(ChildProcessSpec spec)
    {
        var child = new ChildProcess(spec);
        child.WriteLog($"--- {DateTimeOffset.Now:O} starting {spec.FileName} {string.Join(' ', spec.Arguments)}");
        child._process.Start();
        child.Id = child._process.Id;
        child._tree[child.Id] = ProcessTree.StartTime(child.Id) ?? 0;
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        Running.TryAdd(child, 0);
        return child;
    }

    /// <summary>The program and all its living descendants (refreshed now).</summary>
    public IReadOnlyCollection<int> ProcessIds()
    {
        RefreshTree();
        return [.. _tree.Where(p => ProcessTree.IsAlive(p.Key, p.Value)).Select(p => p.Key)];
    }

    /// <summary>After the program exited: waits (briefly) until its output pipes are drained into the log.</summary>
    public Task DrainOutputAsync(TimeSpan timeout) => Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(timeout));

    /// <summary>The last lines of the log, for error messages.</summary>
    public string ReadLogTail(int lines = 40) => LogTail.Read(LogPath, lines);

    /// <summary>Closes the program's standard input (end of file).</summary>
    public void CloseStandardInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone: nothing to tell it.
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the program and waits up to <paramref name="gracePeriod"/> for it to
    /// exit; then SIGKILLs whatever is left of its process tree (including children left behind by a graceful
    /// exit) and waits until all of it is gone.
    /// </summary>
    public async Task StopAsync(UnixSignal signal = UnixSignal.Terminate, TimeSpan? gracePeriod = null)
    {
        RefreshTree();
        if (!HasExited && signal != UnixSignal.Kill)
        {
            Libc.Signal(Id, signal);
            await Task.WhenAny(Exited, Task.Delay(gracePeriod ?? TimeSpan.FromSeconds(10))).ConfigureAwait(false);
            RefreshTree();
        }

        KillTreeNow();
        var deadline = Stopwatch.StartNew();
        while (_tree.Any(p => ProcessTree.IsAlive(p.Key, p.Value)) || !HasExited)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException($"Process {Id} ({LogPath}) or one of its children survived SIGKILL.");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        // The output pipes reach end of file once the last holder is dead: let the log take the last lines.
        await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        Running.TryRemove(this, out _);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(UnixSignal.Kill).ConfigureAwait(false);
        _process.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private void KillTreeNow()
    {
        if (!HasExited)
        {
            RefreshTree();
        }

        foreach (var (pid, startTime) in _tree)
        {
            if (ProcessTree.IsAlive(pid, startTime))
            {
                Libc.Signal(pid, UnixSignal.Kill);
            }
        }
    }

    private void RefreshTree()
    {
        if (HasExited)
        {
            return;
        }

        foreach (var (pid, startTime) in ProcessTree.Descendants(Id))
        {
            _tree.TryAdd(pid, startTime);
        }
    }

    private void OnLine(string? line, bool isOutput)
    {
        if (line is null)
        {
            return;
        }

        WriteLog(isOutput ? line : "[stderr] " + line);
        if (isOutput)
        {
            _onOutputLine?.Invoke(line);
        }
    }

    private void WriteLog(string line)
    {
        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }
}

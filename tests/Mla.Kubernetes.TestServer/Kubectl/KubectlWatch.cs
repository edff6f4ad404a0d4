using System.Diagnostics;

namespace Mla.Kubernetes.TestServer;

/// <summary>A running kubectl whose stdout lines are collected; disposing kills it.</summary>
public sealed class KubectlWatch : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly Task _stdout;
    private readonly Task<string> _stderr;

    internal KubectlWatch(Process process)
    {
        _process = process;
        _stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_gate)
                {
                    _lines.Add(line);
                }
            }
        });
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until a line satisfies <paramref name="predicate"/>; throws with the output so far on timeout.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }
            if (_process.HasExited && _stdout.IsCompleted)
            {
                break;
            }
            await Task.Delay(20);
        }
        var stderr = _stderr.IsCompleted ? await _stderr : "(still running)";
        throw new TimeoutException($"kubectl printed no matching line within {timeout}; stdout:\n{string.Join('\n', Lines)}\nstderr:\n{stderr}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code, or kills it at the timeout (-1).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _stdout;
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return -1;
        }
    }

    public async Task<string> StderrAsync()
    {
        return await _stderr;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        await _stdout;
        _process.Dispose();
    }
}

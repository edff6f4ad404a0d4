using System.Diagnostics;

namespace Mla.Host.Embedded;

/// <summary>
/// A server the embedded default runs as a child process (VictoriaMetrics, Prometheus agents): its output goes to
/// the log, it is asked to stop with SIGTERM and killed after a grace period, so <c>make run</c> leaves nothing behind.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _name;

    private ManagedProcess(string name, Process process, ILogger logger)
    {
        _name = name;
        _process = process;
        _logger = logger;
    }

    public int Id => _process.Id;

    public string Name => _name;

    public bool HasExited => _process.HasExited;

    /// <summary>How it ended, once it has: its exit code, and the signal that killed it (.NET reports 128 + signal).</summary>
    public string ExitDescription => _process.ExitCode > 128
        ? $"exit code {_process.ExitCode} (killed by signal {_process.ExitCode - 128}{(_process.ExitCode - 128 == 9 ? ", SIGKILL" : _process.ExitCode - 128 == 15 ? ", SIGTERM" : "")})"
        : $"exit code {_process.ExitCode}";

    /// <summary>Completes when the process has exited.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public static ManagedProcess Start(string name, string fileName, IEnumerable<string> arguments, ILogger logger) =>
        Start(name, fileName, arguments, new Dictionary<string, string>(), logger);

    /// <summary>Starts the binary with extra environment variables (settings a child should not show in <c>ps</c>, such as tokens).</summary>
    public static ManagedProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, ILogger logger)
    {
        var info = new ProcessStartInfo(ResolveBinary(fileName))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Forward(logger, name, line.Data);
        process.ErrorDataReceived += (_, line) => Forward(logger, name, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("Started {Process} (pid {Pid}): {Binary} {Arguments}", name, process.Id, info.FileName, string.Join(' ', info.ArgumentList));
        return new ManagedProcess(name, process, logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Posix.Kill(_process.Id, Posix.SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _logger.LogInformation("Stopped {Process} (pid {Pid})", _name, _process.Id);
        }

        _process.Dispose();
    }

    /// <summary>Finds a binary on PATH (Debian puts some in /usr/sbin), or explains how to get it.</summary>
    private static string ResolveBinary(string fileName)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(fileName) ? fileName : throw Missing(fileName);
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/usr/bin");
        return path.Select(directory => Path.Combine(directory, fileName)).FirstOrDefault(File.Exists) ?? throw Missing(fileName);
    }

    private static FileNotFoundException Missing(string fileName) =>
        new($"'{fileName}' is not installed; `make run` installs it (infra/install-run-deps.sh), or set the binary's path in Mla:Embedded", fileName);

    private static void Forward(ILogger logger, string name, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            logger.LogDebug("{Process}: {Line}", name, line);
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace Mla.Kubernetes.TestServer;

/// <summary>
/// Runs the real kubectl against one server: its kubeconfig, a cache directory of its own (kubectl caches discovery
/// for 6 h per host:port, so a shared cache would serve one server's kinds to another), a timeout that kills the
/// process. The binary is <c>MLA_KUBECTL</c> when set, else <c>kubectl</c> from the PATH.
/// </summary>
public sealed class Kubectl : IDisposable
{
    private readonly string _kubeconfig;

    public Kubectl(KubeApiServer server)
        : this(server.KubeconfigPath)
    {
    }

    public Kubectl(string kubeconfigPath)
    {
        _kubeconfig = kubeconfigPath;
        CacheDirectory = Path.Combine(Path.GetTempPath(), "mla-kubectl-cache-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(CacheDirectory);
    }

    /// <summary>The kubectl to run (default: <see cref="DefaultBinary"/>); a versioned one such as <c>kubectl.1.33</c> works too.</summary>
    public string Binary { get; init; } = DefaultBinary;

    public static string DefaultBinary => Environment.GetEnvironmentVariable("MLA_KUBECTL") is { Length: > 0 } binary ? binary : "kubectl";

    /// <summary>The versioned kubectl binaries (<c>kubectl.1.30</c> …) installed beside the one on the PATH.</summary>
    public static IReadOnlyList<string> VersionedBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);
        if (onPath is null)
        {
            return [];
        }
        var directory = Path.GetDirectoryName(new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath)!;
        return [.. Directory.GetFiles(directory, "kubectl.1.*").Order(StringComparer.Ordinal)];
    }

    public string CacheDirectory { get; }

    /// <summary>How long one run may take before it is killed (then the result has exit code -1).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public Task<KubectlResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs kubectl with <paramref name="stdin"/> as its standard input (for <c>apply -f -</c>).</summary>
    public async Task<KubectlResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Start(args, redirectInput: stdin is not null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new KubectlResult(-1, await stdout, await stderr + $"\n(killed after {Timeout})");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (<c>get -w</c>, <c>rollout status</c> …) whose output lines can be awaited.</summary>
    public KubectlWatch StartWatch(params string[] args) => new(Start(args, redirectInput: false));

    private Process Start(string[] args, bool redirectInput)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(_kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(CacheDirectory);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["KUBECACHEDIR"] = CacheDirectory;
        info.Environment["KUBECTL_INTERACTIVE_DELETE"] = "false";
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {Binary}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a process still writing: the temp directory is left behind
        }
    }
}

namespace Mla.Chart.Tests.Tools;

/// <summary>The pinned kubectl (v1.33 from .tools, or MLA_KUBECTL) against one API server through its kubeconfig.</summary>
public sealed class KubectlCommand(string kubeconfigPath) : IDisposable
{
    /// <summary>kubectl caches discovery and OpenAPI documents: one cache per instance, so servers never share one.</summary>
    private readonly string _cacheDirectory = Directory.CreateTempSubdirectory("mla-chart-tests-kubectl-").FullName;

    /// <summary>Runs <c>kubectl --kubeconfig … &lt;arguments&gt;</c>, with <paramref name="standardInput"/> for <c>-f -</c>.</summary>
    public Task<ToolResult> RunAsync(IEnumerable<string> arguments, string? standardInput = null) =>
        Tool.RunAsync(
            ToolPaths.Kubectl,
            ["--kubeconfig", kubeconfigPath, "--cache-dir", _cacheDirectory, "--request-timeout=60s", .. arguments],
            standardInput: standardInput);

    public Task<ToolResult> RunAsync(params string[] arguments) => RunAsync(arguments, standardInput: null);

    public void Dispose() => Directory.Delete(_cacheDirectory, recursive: true);
}

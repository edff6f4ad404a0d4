using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Tools;

/// <summary>The real helm v4 on charts/mla, as release "mla" in namespace "mla".</summary>
public static class Helm
{
    public const string ReleaseName = "mla";

    public const string Namespace = "mla";

    /// <summary>Helm's cache, configuration and data folders, private to this test run: nothing of the user's is read or written.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Environment = new(() =>
    {
        var home = Directory.CreateTempSubdirectory("mla-chart-tests-helm-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(home, recursive: true);
        return new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
        };
    });

    public static Task<ToolResult> RunAsync(params IEnumerable<string> arguments) =>
        Tool.RunAsync(ToolPaths.Helm, arguments, Environment.Value);

    /// <summary><c>helm lint --strict</c> of the chart with a value file of charts/mla/ci and extra arguments.</summary>
    public static Task<ToolResult> LintAsync(string valuesFile, params IEnumerable<string> extraArguments) =>
        RunAsync(["lint", "--strict", RepositoryPaths.Chart, "--namespace", Namespace, "-f", RepositoryPaths.CiValues(valuesFile), .. extraArguments]);

    /// <summary><c>helm template</c> of the chart with a value file of charts/mla/ci and extra arguments.</summary>
    public static Task<ToolResult> TemplateAsync(string valuesFile, params IEnumerable<string> extraArguments) =>
        RunAsync(["template", ReleaseName, RepositoryPaths.Chart, "--namespace", Namespace, "-f", RepositoryPaths.CiValues(valuesFile), .. extraArguments]);

    /// <summary>The objects <c>helm template</c> renders; fails with helm's output when it refuses.</summary>
    public static async Task<RenderedChart> RenderAsync(string valuesFile, params IEnumerable<string> extraArguments) =>
        RenderedChart.Parse((await TemplateAsync(valuesFile, extraArguments)).EnsureSucceeded().StandardOutput);
}

using Mla.Chart.Tests.Rendering;
using Mla.Chart.Tests.Tools;

namespace Mla.Chart.Tests.Lint;

public sealed class HelmLintTests
{
    [Fact]
    public async Task The_tools_are_the_pinned_helm_v4_and_kubectl_v1_33()
    {
        var helm = (await Helm.RunAsync("version", "--template", "{{.Version}}")).EnsureSucceeded();
        Assert.Equal("v4.1.4", helm.StandardOutput.Trim());

        var kubectl = (await Tool.RunAsync(ToolPaths.Kubectl, ["version", "--client"])).EnsureSucceeded();
        Assert.StartsWith("Client Version: v1.33.", kubectl.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ci_folder_holds_exactly_the_documented_value_files()
    {
        var onDisk = Directory.GetFiles(Path.Combine(RepositoryPaths.Chart, "ci")).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(ChartValueFiles.All.Order(StringComparer.Ordinal), onDisk);
    }

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Helm_lint_strict_passes_with_every_documented_value_file(string valuesFile)
    {
        var result = await Helm.LintAsync(valuesFile);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.StandardOutput, StringComparison.Ordinal);
        // In lint mode helm turns `required` into warnings on stderr: a documented value file must not need them.
        Assert.DoesNotContain("missing required values", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_lint_strict_fails_on_a_value_the_schema_refuses()
    {
        var result = await Helm.LintAsync(ChartValueFiles.Minimal, "--set-string", "writer.replicaCount=two");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("/writer/replicaCount", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}

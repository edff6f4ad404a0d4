namespace Mla.Chart.Tests.Tools;

/// <summary>
/// The real helm (v4) and kubectl (v1.33) of the chart tests: MLA_HELM / MLA_KUBECTL when set, else the binaries that
/// <c>make tools</c> (infra/fetch-tools.sh) put into .tools/ at the repository root.
/// </summary>
public static class ToolPaths
{
    public static string Helm => Find("MLA_HELM", Path.Combine(".tools", "helm", "helm"));

    public static string Kubectl => Find("MLA_KUBECTL", Path.Combine(".tools", "kubectl", "kubectl"));

    private static string Find(string variable, string relativePath)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        var path = string.IsNullOrEmpty(fromEnvironment) ? Path.Combine(RepositoryPaths.Root, relativePath) : fromEnvironment;
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} is missing: run `make tools` (bash infra/fetch-tools.sh) or set {variable} to the binary", path);
    }
}

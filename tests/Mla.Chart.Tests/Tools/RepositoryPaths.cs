namespace Mla.Chart.Tests.Tools;

/// <summary>Where the chart and its documented value files are, found from the test binaries upwards.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root: the first folder above the test binaries that holds Mla.sln.</summary>
    public static string Root => RootPath.Value;

    public static string Chart => Path.Combine(Root, "charts", "mla");

    /// <summary>A value file of the documented set in charts/mla/ci/.</summary>
    public static string CiValues(string fileName) => Path.Combine(Chart, "ci", fileName);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mla.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Mla.sln above {AppContext.BaseDirectory}");
    }
}

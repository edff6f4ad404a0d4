using System.Reflection;

namespace Mla.Exporters.Tests.Support;

/// <summary>The golden folder in the source tree; <c>MLA_UPDATE_GOLDEN=1</c> makes the golden tests rewrite it.</summary>
public static class Golden
{
    public static string Directory { get; } = typeof(Golden).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GoldenDirectory").Value!;

    public static bool Update => Environment.GetEnvironmentVariable("MLA_UPDATE_GOLDEN") == "1";
}

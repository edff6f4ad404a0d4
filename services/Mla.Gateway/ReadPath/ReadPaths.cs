using System.Text.RegularExpressions;

namespace Mla.Gateway.ReadPath;

/// <summary>The API paths the read path serves (everything else is 404: no store endpoint is reachable by accident).</summary>
public static partial class ReadPaths
{
    private static readonly HashSet<string> Prometheus = new(StringComparer.Ordinal) { "query", "query_range", "series", "labels", "metadata", "status/buildinfo" };
    private static readonly HashSet<string> Loki = new(StringComparer.Ordinal) { "query", "query_range", "series", "labels" };

    /// <summary>A Prometheus HTTP API path below <c>api/v1/</c> that the read path forwards.</summary>
    public static bool IsPrometheus(string path) => Prometheus.Contains(path) || IsLabelValues(path);

    /// <summary>A Loki read API path below <c>api/v1/</c> that the read path forwards.</summary>
    public static bool IsLoki(string path) => Loki.Contains(path) || IsLabelValues(path);

    private static bool IsLabelValues(string path) => LabelValues().IsMatch(path);

    /// <summary><c>label/{name}/values</c> with a plain label name (nothing that could climb out of the path).</summary>
    [GeneratedRegex("^label/[a-zA-Z_][a-zA-Z0-9_]*/values$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValues();

    /// <summary>An Alertmanager silence id (a UUID): safe in a path.</summary>
    [GeneratedRegex("^[0-9a-fA-F-]{1,64}$", RegexOptions.CultureInvariant)]
    public static partial Regex SilenceId();
}

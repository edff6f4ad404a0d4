using System.Text.Json.Nodes;

namespace Mla.Grafana.Sync;

/// <summary>A dashboard model read from <c>DashboardsDirectory</c> (its <c>uid</c> names it in every org).</summary>
public sealed record DashboardFile(string Uid, JsonObject Model)
{
    /// <summary>Every <c>*.json</c> of the folder with a <c>uid</c>, by uid.</summary>
    public static IReadOnlyList<DashboardFile> Load(string? directory)
    {
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "*.json")
            .Select(path => JsonNode.Parse(File.ReadAllText(path)) as JsonObject)
            .OfType<JsonObject>()
            .Where(model => model["uid"]?.GetValue<string>() is { Length: > 0 })
            .Select(model => new DashboardFile(model["uid"]!.GetValue<string>(), model))
            .OrderBy(d => d.Uid, StringComparer.Ordinal)];
    }
}

using System.Text.Json.Nodes;

namespace Mla.Exporters.Live;

/// <summary>
/// Whether a live object already holds the desired one: every desired field is there with the same value (maps
/// recursively, lists item by item and of the same length); fields the server or others added are ignored.
/// </summary>
public static class LiveComparison
{
    public static bool Holds(JsonNode? live, JsonNode? desired) => (live, desired) switch
    {
        (_, null) => true,
        (JsonObject l, JsonObject d) => d.All(kv => Holds(l[kv.Key], kv.Value)),
        (JsonArray l, JsonArray d) => l.Count == d.Count && d.Select((item, i) => Holds(l[i], item)).All(x => x),
        (JsonValue l, JsonValue d) => Scalar(l) == Scalar(d),
        (null, JsonObject { Count: 0 }) => true,
        (null, JsonArray { Count: 0 }) => true,
        _ => false,
    };

    private static string Scalar(JsonValue value) => value.GetValueKind() == System.Text.Json.JsonValueKind.String ? "s:" + value.GetValue<string>() : value.ToJsonString();
}

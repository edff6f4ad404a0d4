using System.Text.Json.Nodes;

namespace Mla.Chart.Tests.Rendering;

/// <summary>Short reads of rendered objects: a path of property names and list indexes.</summary>
public static class Json
{
    /// <summary>The node at <paramref name="path"/> (strings are property names, ints list indexes), or null.</summary>
    public static JsonNode? At(this JsonNode? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (JsonObject obj, string name) => obj[name],
                (JsonArray array, int index) when index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>The string at <paramref name="path"/>, or null when it is missing or not a string.</summary>
    public static string? StringAt(this JsonNode? node, params object[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The string map (labels, annotations, matchLabels) at <paramref name="path"/>; empty when missing.</summary>
    public static IReadOnlyDictionary<string, string> MapAt(this JsonNode? node, params object[] path) =>
        node.At(path) is JsonObject obj
            ? obj.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? string.Empty)
            : new Dictionary<string, string>();

    /// <summary>The objects of the list at <paramref name="path"/>; empty when missing.</summary>
    public static IReadOnlyList<JsonObject> ObjectsAt(this JsonNode? node, params object[] path) =>
        node.At(path) is JsonArray array ? [.. array.OfType<JsonObject>()] : [];
}

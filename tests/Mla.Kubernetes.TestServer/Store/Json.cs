using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Store;

/// <summary>Small helpers over <see cref="JsonObject"/> for Kubernetes objects.</summary>
public static class Json
{
    /// <summary><c>metadata</c>, created when missing.</summary>
    public static JsonObject Meta(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }
        meta = [];
        obj["metadata"] = meta;
        return meta;
    }

    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }
        return node;
    }

    public static string? Str(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Any scalar at the path as text (numbers and booleans too), for field selectors.</summary>
    public static string? Scalar(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    public static long? Number(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? (long)number
            : null;

    /// <summary>A boolean at the path (false when absent or not a boolean).</summary>
    public static bool Flag(JsonNode? node, params string[] path) => At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static string Name(JsonObject obj) => Str(obj, "metadata", "name") ?? "";

    public static string Namespace(JsonObject obj) => Str(obj, "metadata", "namespace") ?? "";

    public static string Uid(JsonObject obj) => Str(obj, "metadata", "uid") ?? "";

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) => StringMap(At(obj, "metadata", "labels"));

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.ToString() ?? "")] : [];

    public static IReadOnlyList<string> Finalizers(JsonObject obj) => Strings(At(obj, "metadata", "finalizers"));

    public static bool IsDeleting(JsonObject obj) => At(obj, "metadata", "deletionTimestamp") is not null;

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();

    /// <summary>Parses a JSON object, or throws a 400.</summary>
    public static JsonObject ParseObject(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw Hosting.ApiErrors.BadRequest("the body of the request could not be decoded as JSON: " + e.Message);
        }
        return node as JsonObject ?? throw Hosting.ApiErrors.BadRequest("the body of the request must be a JSON object");
    }

    /// <summary>The object without the given top-level fields and metadata fields, for "did anything change" checks.</summary>
    public static JsonObject Without(JsonObject obj, IEnumerable<string> topLevel, IEnumerable<string> metadataFields)
    {
        var copy = Clone(obj);
        foreach (var field in topLevel)
        {
            copy.Remove(field);
        }
        if (copy["metadata"] is JsonObject meta)
        {
            foreach (var field in metadataFields)
            {
                meta.Remove(field);
            }
        }
        return copy;
    }
}

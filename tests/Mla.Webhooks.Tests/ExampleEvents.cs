using System.Text;
using System.Text.Json.Nodes;

namespace Mla.Webhooks.Tests;

/// <summary>The documented example of each event type (docs/webhooks/&lt;type&gt;.json), copied next to the tests.</summary>
internal static class ExampleEvents
{
    public static string PathOf(string type) => Path.Combine(AppContext.BaseDirectory, "examples", $"{type}.json");

    public static byte[] Bytes(string type) => File.ReadAllBytes(PathOf(type));

    public static JsonObject Json(string type) => JsonNode.Parse(File.ReadAllText(PathOf(type)))!.AsObject();

    public static byte[] ToBytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>Removes the field at a path such as <c>data.spec.mla.loggingEnabled</c> or <c>data.members[0].role</c>.</summary>
    public static JsonObject Without(string type, string path)
    {
        var root = Json(type);
        var parts = path.Split('.');
        JsonNode node = root;
        foreach (var part in parts[..^1])
        {
            node = Step(node, part);
        }

        var removed = node.AsObject().Remove(parts[^1]);
        Assert.True(removed, $"the example {type} has no field {path}");
        return root;
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[part]!;
        }

        var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[part[..bracket]]![index]!;
    }
}

using System.Text;
using System.Text.Json.Nodes;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>The documented examples (docs/webhooks/&lt;type&gt;.json), with fresh ids so that each test is on its own.</summary>
internal static class ExampleEvent
{
    public static JsonObject Load(string type) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", $"{type}.json")))!.AsObject();

    /// <summary>The example with a new event id and, when given, a new object id (subject and data.id).</summary>
    public static JsonObject Fresh(string type, string? objectId = null)
    {
        var json = Load(type);
        json["id"] = Guid.NewGuid().ToString();
        if (objectId is not null)
        {
            json["subject"] = objectId;
            json["data"]!["id"] = objectId;
        }

        return json;
    }

    public static string NewClusterId() => "it" + Guid.NewGuid().ToString("N")[..8];

    public static byte[] Bytes(JsonNode json) => Encoding.UTF8.GetBytes(json.ToJsonString());
}

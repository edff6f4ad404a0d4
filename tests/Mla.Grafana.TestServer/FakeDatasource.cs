using System.Text.Json.Nodes;

namespace Mla.Grafana.TestServer;

/// <summary>A datasource of the fake Grafana; <see cref="SecureJsonData"/> is kept but never answered (only its keys, as <c>secureJsonFields</c>).</summary>
public sealed class FakeDatasource
{
    public long Id { get; init; }

    public required string Uid { get; init; }

    public long OrgId { get; init; }

    public required string Name { get; set; }

    public required string Type { get; set; }

    public string Access { get; set; } = "proxy";

    public string Url { get; set; } = "";

    public bool IsDefault { get; set; }

    public JsonObject JsonData { get; set; } = [];

    public Dictionary<string, string> SecureJsonData { get; set; } = [];

    public int Version { get; set; } = 1;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["uid"] = Uid,
        ["orgId"] = OrgId,
        ["name"] = Name,
        ["type"] = Type,
        ["access"] = Access,
        ["url"] = Url,
        ["isDefault"] = IsDefault,
        ["jsonData"] = JsonData.DeepClone(),
        ["secureJsonFields"] = new JsonObject(SecureJsonData.Keys.Select(k => new KeyValuePair<string, JsonNode?>(k, true))),
        ["version"] = Version,
        ["readOnly"] = false,
    };
}

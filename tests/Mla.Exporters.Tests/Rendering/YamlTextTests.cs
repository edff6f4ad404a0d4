using System.Text.Json.Nodes;
using Mla.Exporters.Desired;
using Mla.Exporters.Rendering;
using Mla.Exporters.Tests.Support;
using YamlDotNet.Serialization;

namespace Mla.Exporters.Tests.Rendering;

public sealed class YamlTextTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("9100")]
    [InlineData("1.5")]
    [InlineData("1:20")]
    [InlineData("")]
    [InlineData(" leading")]
    [InlineData("a: b")]
    [InlineData("x #y")]
    [InlineData("- item")]
    [InlineData("([^:]+)(?::\\d+)?;(\\d+)")]
    [InlineData("line one\nline two\n")]
    [InlineData("line one\nline two")]
    [InlineData("trailing blank \nline")]
    [InlineData("two\n\n")]
    [InlineData("$1:$2")]
    [InlineData("*")]
    [InlineData("@at")]
    [InlineData("{json}")]
    [InlineData("quote\"d")]
    [InlineData("tab\there")]
    public void Strings_read_back_exactly(string value)
    {
        var tree = new JsonObject { ["key"] = value, ["list"] = new JsonArray(value, new JsonObject { ["inner"] = value }) };

        var parsed = ReadBack(YamlText.Write(tree));

        Assert.Equal(tree.ToJsonString(), parsed.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(SpecCases.All), MemberType = typeof(SpecCases))]
    public void Every_desired_object_reads_back_as_the_same_tree(string name)
    {
        foreach (var obj in AgentObjects.Build(SpecCases.Get(name)))
        {
            var parsed = ReadBack(YamlText.Write(obj));
            Assert.Equal(Normalize(obj).ToJsonString(), parsed.ToJsonString());
        }
    }

    /// <summary>YamlDotNet reads scalars as strings; numbers and booleans are compared by their text.</summary>
    private static JsonNode Normalize(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Normalize(kv.Value!)))),
        JsonArray array => new JsonArray(array.Select(i => (JsonNode?)Normalize(i!)).ToArray()),
        _ => JsonValue.Create(node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString())!,
    };

    private static JsonNode ReadBack(string yaml)
    {
        var data = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        return ToNode(data)!;
    }

    private static JsonNode? ToNode(object? data) => data switch
    {
        Dictionary<object, object> map => new JsonObject(map.Select(kv => KeyValuePair.Create((string)kv.Key, ToNode(kv.Value)))),
        List<object> list => new JsonArray(list.Select(ToNode).ToArray()),
        string text => JsonValue.Create(text),
        null => JsonValue.Create(""),
        _ => JsonValue.Create(data.ToString()),
    };
}

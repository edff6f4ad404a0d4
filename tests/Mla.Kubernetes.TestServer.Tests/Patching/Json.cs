using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Tests.Patching;

/// <summary>Small helpers: parse JSON written with single quotes, compare documents structurally.</summary>
internal static class Json
{
    public static JsonNode Parse(string json) => ParseNullable(json) ?? throw new ArgumentException("JSON null", nameof(json));

    /// <summary>Also accepts the document <c>null</c>.</summary>
    public static JsonNode? ParseNullable(string json) => JsonNode.Parse(json.Replace('\'', '"'));

    public static JsonObject Object(string json) => Parse(json).AsObject();

    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = ParseNullable(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"expected {expectedNode?.ToJsonString() ?? "null"}\n  actual {actual?.ToJsonString() ?? "null"}");
    }
}

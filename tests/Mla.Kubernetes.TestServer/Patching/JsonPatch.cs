using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>): add, remove, replace, move, copy, test.</summary>
public static class JsonPatch
{
    /// <summary>Returns a new document; throws <see cref="PatchException"/> for a failing operation or test.</summary>
    public static JsonNode Apply(JsonNode target, JsonArray operations) => throw new NotImplementedException("skeleton: the Patching branch implements this");
}

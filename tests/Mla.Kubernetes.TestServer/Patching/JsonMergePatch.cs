using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>).</summary>
public static class JsonMergePatch
{
    /// <summary>Returns a new document: <paramref name="target"/> with <paramref name="patch"/> merged in (null deletes).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => throw new NotImplementedException("skeleton: the Patching branch implements this");
}

using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>).</summary>
public static class JsonMergePatch
{
    /// <summary>Returns a new document: <paramref name="target"/> with <paramref name="patch"/> merged in (null deletes).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        // RFC 7386 §2: a patch that is not an object replaces the target whole.
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            result.TryGetPropertyValue(name, out var current);
            result[name] = Apply(current, value);
        }

        return result;
    }
}

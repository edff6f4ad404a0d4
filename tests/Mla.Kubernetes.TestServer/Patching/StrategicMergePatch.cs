using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) for the built-in kinds: lists with a merge
/// key (<see cref="ListMergeKeys"/>) merge by key, other lists are replaced; <c>$patch: delete|replace</c>,
/// <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/…</c> directives.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>Returns a new document; <paramref name="kind"/> selects the merge keys.</summary>
    public static JsonNode Apply(JsonNode target, JsonNode patch, string kind) => throw new NotImplementedException("skeleton: the Patching branch implements this");
}

using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>The outcome of an apply: the new object, or the conflicts that refused it (with Kubernetes' message).</summary>
public sealed record ApplyResult(JsonObject? Applied, IReadOnlyList<ApplyConflict> Conflicts)
{
    public bool IsConflict => Conflicts.Count > 0;

    /// <summary>"Apply failed with 1 conflict: conflict with \"m\" using v1: .spec.x" (the exact text of CONTRACTS.md §5.4).</summary>
    public string ConflictMessage => throw new NotImplementedException("skeleton: the Patching branch implements this");
}

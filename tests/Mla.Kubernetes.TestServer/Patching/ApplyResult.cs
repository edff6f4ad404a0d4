using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>The outcome of an apply: the new object, or the conflicts that refused it (with Kubernetes' message).</summary>
public sealed record ApplyResult(JsonObject? Applied, IReadOnlyList<ApplyConflict> Conflicts)
{
    public bool IsConflict => Conflicts.Count > 0;

    /// <summary>"Apply failed with 1 conflict: conflict with \"m\" using v1: .spec.x" (the API server's exact text, https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts).</summary>
    public string ConflictMessage => Conflicts.Count switch
    {
        0 => "",
        1 => $"Apply failed with 1 conflict: conflict with {Owner(Conflicts[0])}: {Conflicts[0].Path}",
        _ => $"Apply failed with {Conflicts.Count} conflicts: " + string.Join('\n', Conflicts
            .GroupBy(Owner)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .SelectMany(group => group.Select(conflict => "- " + conflict.Path).Prepend($"conflicts with {group.Key}:"))),
    };

    /// <summary>Kubernetes' printManager: the quoted name, the subresource, and the apiVersion of an Update owner.</summary>
    private static string Owner(ApplyConflict conflict)
    {
        var owner = $"\"{conflict.Manager}\"";
        if (!string.IsNullOrEmpty(conflict.Subresource))
        {
            owner += $" with subresource \"{conflict.Subresource}\"";
        }

        return conflict.Operation == "Update" ? $"{owner} using {conflict.ApiVersion}" : owner;
    }
}

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// The associative lists of the built-in kinds (Kubernetes' <c>patchMergeKey</c> / <c>x-kubernetes-list-map-keys</c>):
/// e.g. <c>spec.template.spec.containers</c> by <c>name</c>, <c>ports</c> by <c>containerPort</c>. Custom resources
/// have none (their lists are atomic), as in Kubernetes without list-type markers.
/// </summary>
public static class ListMergeKeys
{
    /// <summary>The merge key of the list at <paramref name="path"/> (field names from the root, e.g. ["spec","template","spec","containers"]) in <paramref name="kind"/>, or null for an atomic list.</summary>
    public static string? For(string kind, IReadOnlyList<string> path) => throw new NotImplementedException("skeleton: the Patching branch implements this");
}

using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Hosting;

/// <summary>A parsed resource URL: <c>/api(s)/…/[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]</c>.</summary>
public sealed record ResourcePath(ResourceKind Kind, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Parses the segments after <c>/api/v1</c> or <c>/apis/{g}/{v}</c>; null when nothing is served there.</summary>
    public static ResourcePath? Parse(KindRegistry kinds, string group, string version, IReadOnlyList<string> rest)
    {
        if (rest.Count >= 3 && rest[0] == "namespaces" && kinds.Find(group, version, rest[2]) is { Namespaced: true } namespaced)
        {
            return rest.Count switch
            {
                3 => new ResourcePath(namespaced, rest[1], null, null),
                4 => new ResourcePath(namespaced, rest[1], rest[3], null),
                5 => new ResourcePath(namespaced, rest[1], rest[3], rest[4]),
                _ => null,
            };
        }
        if (rest.Count is < 1 or > 3 || kinds.Find(group, version, rest[0]) is not { } kind)
        {
            return null;
        }
        return new ResourcePath(kind, null, rest.Count > 1 ? rest[1] : null, rest.Count > 2 ? rest[2] : null);
    }
}

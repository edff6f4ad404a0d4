namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// The merge behaviour of one list: its <paramref name="Type"/>, the strategic merge patch key
/// (<c>patchMergeKey</c>) and the server-side apply keys (<c>x-kubernetes-list-map-keys</c>; they can differ, e.g.
/// container ports merge by <c>containerPort</c> in a strategic patch and by <c>containerPort</c>+<c>protocol</c> in an apply).
/// </summary>
public sealed record ListSchema(ListType Type, string? PatchMergeKey, IReadOnlyList<string> ApplyKeys)
{
    public static ListSchema Atomic { get; } = new(ListType.Atomic, null, []);

    public static ListSchema Set { get; } = new(ListType.Set, null, []);

    public static ListSchema MapBy(string key) => new(ListType.Map, key, [key]);

    public static ListSchema MapBy(string patchMergeKey, params string[] applyKeys) => new(ListType.Map, patchMergeKey, applyKeys);
}

using k8s;

namespace Mla.Webhooks.KkpWatch;

/// <summary>A watch event of one object (bookmarks are not passed on).</summary>
public sealed record KkpObjectChanged(KkpResource Resource, WatchEventType Type, KkpObject Item) : SeedChange;

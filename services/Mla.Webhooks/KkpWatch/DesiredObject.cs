using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// The catalog object a seed's KKP objects describe: what a webhook for it would have carried. <see cref="Version"/>
/// names the source objects' uids and resourceVersions, so that the event id derived from it is the same for every
/// replica and every re-list that sees the same objects, and differs after any write to them.
/// </summary>
public sealed record DesiredObject(ObjectKind Kind, string Key, string? ProjectId, string? ClusterId, object State, bool Deleted, string Version);

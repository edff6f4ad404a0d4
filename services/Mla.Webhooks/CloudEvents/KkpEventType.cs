using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.CloudEvents;

/// <summary>One KKP CloudEvent type: which object kind it is about and whether it removes the object.</summary>
public sealed record KkpEventType(string Name, ObjectKind Kind, bool Deletes);

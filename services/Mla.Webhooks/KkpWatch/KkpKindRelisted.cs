namespace Mla.Webhooks.KkpWatch;

/// <summary>A kind was listed again (its watch expired with 410): the list replaces what was known of it.</summary>
public sealed record KkpKindRelisted(KkpResource Resource, IReadOnlyList<KkpObject> Objects) : SeedChange;

namespace Mla.Webhooks.Catalog;

/// <summary>A filter over one kind of catalog objects; deleted objects are left out unless asked for.</summary>
public sealed record CatalogQuery(ObjectKind Kind, string? Seed = null, string? ProjectId = null, bool IncludeDeleted = false);

using Mla.Storage;

namespace Mla.Webhooks.Catalog;

/// <summary>Section <c>Mla:Catalog</c>: where the fleet catalog lives (SQLite by default, PostgreSQL by connection string).</summary>
public sealed class CatalogOptions : SqlStoreOptions
{
    public const string SectionName = "Mla:Catalog";

    public override string SqlitePath { get; set; } = ".mla/catalog.db";
}

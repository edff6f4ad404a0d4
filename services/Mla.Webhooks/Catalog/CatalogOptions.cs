using System.ComponentModel.DataAnnotations;

namespace Mla.Webhooks.Catalog;

/// <summary>Section <c>Mla:Catalog</c>: where the fleet catalog lives.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Mla:Catalog";

    /// <summary>
    /// Empty: SQLite at <see cref="SqlitePath"/>. <c>Host=…;Database=…</c>: PostgreSQL. <c>Data Source=…</c>: SQLite.
    /// </summary>
    public string? ConnectionString { get; set; }

    public CatalogProvider Provider { get; set; } = CatalogProvider.Auto;

    [Required(AllowEmptyStrings = false)]
    public string SqlitePath { get; set; } = ".mla/catalog.db";

    public CatalogProvider ResolveProvider()
    {
        if (Provider != CatalogProvider.Auto)
        {
            return Provider;
        }

        var text = ConnectionString ?? string.Empty;
        return text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains("Server=", StringComparison.OrdinalIgnoreCase)
            ? CatalogProvider.Postgres
            : CatalogProvider.Sqlite;
    }
}

using System.ComponentModel.DataAnnotations;

namespace Mla.Storage;

/// <summary>Where a service keeps its state: the settings every SQL-backed options section shares.</summary>
public abstract class SqlStoreOptions
{
    /// <summary>Empty: SQLite at <see cref="SqlitePath"/>. <c>Host=…;Database=…</c>: PostgreSQL. <c>Data Source=…</c>: SQLite.</summary>
    public string? ConnectionString { get; set; }

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Auto;

    [Required(AllowEmptyStrings = false)]
    public abstract string SqlitePath { get; set; }

    public DatabaseProvider ResolveProvider()
    {
        if (Provider != DatabaseProvider.Auto)
        {
            return Provider;
        }

        var text = ConnectionString ?? string.Empty;
        return text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains("Server=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;
    }
}

namespace Mla.Webhooks.Catalog;

public enum CatalogProvider
{
    /// <summary>PostgreSQL when the connection string names a host, SQLite otherwise.</summary>
    Auto,
    Sqlite,
    Postgres,
}

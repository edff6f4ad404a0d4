namespace Mla.Storage;

public enum DatabaseProvider
{
    /// <summary>PostgreSQL when the connection string names a host, SQLite otherwise.</summary>
    Auto,
    Sqlite,
    Postgres,
}

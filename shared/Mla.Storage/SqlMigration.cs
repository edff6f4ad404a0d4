namespace Mla.Storage;

/// <summary>One numbered schema step; every statement must run unchanged on SQLite and PostgreSQL. Never edit a released step.</summary>
public sealed record SqlMigration(int Version, string Description, IReadOnlyList<string> Statements);

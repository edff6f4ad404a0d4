namespace Mla.Ingestion.Logs;

/// <summary>
/// A stream of a Loki push: its label set as Loki writes it (<c>{app="x", env="prod"}</c>) and its entries.
/// </summary>
public sealed record LogStreamEntries(string Labels, IReadOnlyList<LogEntry> Entries);

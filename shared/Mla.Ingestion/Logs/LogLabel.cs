namespace Mla.Ingestion.Logs;

/// <summary>A label of a stream, or a structured-metadata pair of an entry.</summary>
public readonly record struct LogLabel(string Name, string Value);

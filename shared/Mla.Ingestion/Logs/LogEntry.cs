namespace Mla.Ingestion.Logs;

/// <summary>One log line: its time (Unix nanoseconds), the line, and its structured metadata (may be empty).</summary>
public sealed record LogEntry(long TimestampNs, string Line, IReadOnlyList<LogLabel> Metadata)
{
    public static IReadOnlyList<LogLabel> NoMetadata { get; } = [];
}

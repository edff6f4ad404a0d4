using Mla.Ingestion.Kafka;

namespace Mla.Writer.Sinks;

/// <summary>The sink types and the record format each writes (a record of another format is dead-lettered).</summary>
public static class SinkTypes
{
    public const string RemoteWrite = "remote-write";
    public const string Loki = "loki";
    public const string File = "file";

    public static IReadOnlyList<string> All { get; } = [RemoteWrite, Loki, File];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.OrdinalIgnoreCase);

    public static bool IsRemoteWrite(string type) => string.Equals(type, RemoteWrite, StringComparison.OrdinalIgnoreCase);

    public static bool IsFile(string type) => string.Equals(type, File, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>mla-format</c> of the records a sink of this type writes.</summary>
    public static string FormatOf(string type) =>
        IsRemoteWrite(type) ? IngestionHeaders.RemoteWriteV1Format : IngestionHeaders.LokiPushV1Format;
}

using System.IO.Compression;
using Confluent.Kafka;
using Mla.Gateway.Logs;
using Mla.Ingestion.Logs;
using Snappier;

namespace Mla.IntegrationTests.Gateway;

/// <summary>Loki push bodies for the tests, each line marked so that its record can be found, and the lines of a topic.</summary>
internal static class LogBodies
{
    public static string NewMarker(string prefix = "line") => $"{prefix}-{Guid.NewGuid():N}";

    public static long NowNs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    public static PushRequest Json(string token, params (string App, string Line)[] lines) =>
        new(PushJsonWriter.Encode(lines.GroupBy(l => l.App).Select(g => (
            (IReadOnlyList<LogLabel>)[new LogLabel("app", g.Key)],
            (IReadOnlyList<LogEntry>)[.. g.Select((l, i) => new LogEntry(NowNs + i, l.Line, LogEntry.NoMetadata))]))))
        {
            Bearer = token, Path = LogPushEndpoint.Route, ContentType = "application/json", ContentEncoding = null,
        };

    public static PushRequest Protobuf(string token, params LogStreamEntries[] streams) =>
        new(Snappy.CompressToArray(PushRequestWriter.Encode(streams)))
        {
            Bearer = token, Path = LogPushEndpoint.Route, ContentType = "application/x-protobuf", ContentEncoding = null,
        };

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    /// <summary>Every (tenant, labels, line) of the records read.</summary>
    public static IEnumerable<(string Tenant, string Labels, LogEntry Entry)> Lines(this IEnumerable<ConsumeResult<string, byte[]>> records) =>
        records.SelectMany(r => PushRequestReader.Read(Snappy.DecompressToArray(r.Message.Value))
            .SelectMany(s => s.Entries.Select(e => (r.Message.Key, s.Labels, e))));

    public static bool CarriesLine(this IEnumerable<ConsumeResult<string, byte[]>> records, string marker) =>
        records.Lines().Any(l => l.Entry.Line.Contains(marker, StringComparison.Ordinal));
}

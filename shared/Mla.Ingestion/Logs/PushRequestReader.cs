using System.Text;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Ingestion.Logs;

/// <summary>
/// Decodes a Loki <c>PushRequest</c> (package <c>logproto</c>, Apache-2.0 <c>pkg/push/push.proto</c>) from its
/// uncompressed protobuf bytes. Field numbers: PushRequest{streams=1, format=2}, StreamAdapter{labels=1,
/// entries=2, hash=3}, EntryAdapter{timestamp=1, line=2, structuredMetadata=3, parsed=4},
/// LabelPairAdapter{name=1, value=2}, google.protobuf.Timestamp{seconds=1, nanos=2}. Unknown fields are skipped;
/// malformed input throws <see cref="RemoteWriteFormatException"/>.
/// </summary>
public static class PushRequestReader
{
    public static List<LogStreamEntries> Read(ReadOnlySpan<byte> request)
    {
        var streams = new List<LogStreamEntries>();
        var reader = new ProtoReader(request, 0, "PushRequest");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1)
            {
                reader.Expect(wireType, ProtoWireType.LengthDelimited, "streams");
                var stream = reader.ReadLengthDelimited(out var offset);
                streams.Add(ReadStream(stream, offset));
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }

        return streams;
    }

    private static LogStreamEntries ReadStream(ReadOnlySpan<byte> data, int origin)
    {
        var labels = "";
        var entries = new List<LogEntry>();
        var reader = new ProtoReader(data, origin, "StreamAdapter");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    labels = ReadText(ref reader, wireType, "labels");
                    break;
                case 2:
                    reader.Expect(wireType, ProtoWireType.LengthDelimited, "entries");
                    var entry = reader.ReadLengthDelimited(out var offset);
                    entries.Add(ReadEntry(entry, offset));
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new LogStreamEntries(labels, entries);
    }

    private static LogEntry ReadEntry(ReadOnlySpan<byte> data, int origin)
    {
        long timestamp = 0;
        var line = "";
        List<LogLabel>? metadata = null;
        var reader = new ProtoReader(data, origin, "EntryAdapter");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wireType, ProtoWireType.LengthDelimited, "timestamp");
                    var ts = reader.ReadLengthDelimited(out var offset);
                    timestamp = ReadTimestamp(ts, offset);
                    break;
                case 2:
                    line = ReadText(ref reader, wireType, "line");
                    break;
                case 3:
                    reader.Expect(wireType, ProtoWireType.LengthDelimited, "structuredMetadata");
                    var pair = reader.ReadLengthDelimited(out var pairOffset);
                    (metadata ??= []).Add(ReadPair(pair, pairOffset));
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new LogEntry(timestamp, line, metadata ?? LogEntry.NoMetadata);
    }

    private static long ReadTimestamp(ReadOnlySpan<byte> data, int origin)
    {
        long seconds = 0;
        long nanos = 0;
        var reader = new ProtoReader(data, origin, "Timestamp");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wireType, ProtoWireType.Varint, "seconds");
                    seconds = (long)reader.ReadVarint();
                    break;
                case 2:
                    reader.Expect(wireType, ProtoWireType.Varint, "nanos");
                    nanos = (int)reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        // Saturate instead of overflowing: a timestamp that far out is rejected by validation anyway.
        return seconds > long.MaxValue / 1_000_000_000 ? long.MaxValue
            : seconds < long.MinValue / 1_000_000_000 ? long.MinValue
            : (seconds * 1_000_000_000) + nanos;
    }

    private static LogLabel ReadPair(ReadOnlySpan<byte> data, int origin)
    {
        string name = "", value = "";
        var reader = new ProtoReader(data, origin, "LabelPairAdapter");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    name = ReadText(ref reader, wireType, "name");
                    break;
                case 2:
                    value = ReadText(ref reader, wireType, "value");
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new LogLabel(name, value);
    }

    /// <summary>A length-delimited field (a stream's labels, a line, a label's name or value) as UTF-8 text.</summary>
    private static string ReadText(ref ProtoReader reader, ProtoWireType wireType, string fieldName)
    {
        reader.Expect(wireType, ProtoWireType.LengthDelimited, fieldName);
        return Encoding.UTF8.GetString(reader.ReadLengthDelimited(out _));
    }
}

using System.Text;
using Mla.Ingestion.RemoteWrite;
using Snappier;

namespace Mla.Ingestion.Logs;

/// <summary>
/// Encodes Loki <c>PushRequest</c>s (see <see cref="PushRequestReader"/> for the fields). Encoded requests can be
/// concatenated: <c>streams</c> is a repeated field, so two requests' bytes one after the other are one request.
/// </summary>
public static class PushRequestWriter
{
    /// <summary>The uncompressed size of one stream's field in a PushRequest.</summary>
    public static int StreamFieldSize(LogStreamEntries stream) => ProtoWriter.LengthDelimitedSize(StreamSize(stream));

    /// <summary>The size of an entry's field in a stream: a stream's field is <c>LengthDelimitedSize(LabelsFieldSize + Σ EntryFieldSize)</c>.</summary>
    public static int EntryFieldSize(LogEntry entry) => ProtoWriter.LengthDelimitedSize(EntrySize(entry));

    /// <summary>The size of a stream's labels field.</summary>
    public static int LabelsFieldSize(string labels) => StringFieldSize(labels);

    public static byte[] Encode(IEnumerable<LogStreamEntries> streams)
    {
        var list = streams as IReadOnlyCollection<LogStreamEntries> ?? [.. streams];
        var size = list.Sum(StreamFieldSize);
        var buffer = new byte[size];
        var written = 0;
        foreach (var stream in list)
        {
            written += WriteStreamField(buffer.AsSpan(written), stream);
        }

        return buffer;
    }

    /// <summary>The streams as a snappy block (the form of a Kafka record and of a push to Loki).</summary>
    public static byte[] EncodeSnappy(IEnumerable<LogStreamEntries> streams) => Snappy.CompressToArray(Encode(streams));

    private static int StreamSize(LogStreamEntries stream)
    {
        var size = StringFieldSize(stream.Labels);
        foreach (var entry in stream.Entries)
        {
            size += ProtoWriter.LengthDelimitedSize(EntrySize(entry));
        }

        return size;
    }

    private static int EntrySize(LogEntry entry)
    {
        var size = ProtoWriter.LengthDelimitedSize(TimestampSize(entry.TimestampNs)) + StringFieldSize(entry.Line);
        foreach (var pair in entry.Metadata)
        {
            size += ProtoWriter.LengthDelimitedSize(PairSize(pair));
        }

        return size;
    }

    private static int PairSize(LogLabel pair) => StringFieldSize(pair.Name) + StringFieldSize(pair.Value);

    private static (long Seconds, int Nanos) Split(long timestampNs)
    {
        var seconds = Math.DivRem(timestampNs, 1_000_000_000, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000;
        }

        return (seconds, (int)nanos);
    }

    private static int TimestampSize(long timestampNs)
    {
        var (seconds, nanos) = Split(timestampNs);
        return (seconds == 0 ? 0 : 1 + ProtoWriter.VarintLength((ulong)seconds)) + (nanos == 0 ? 0 : 1 + ProtoWriter.VarintLength((ulong)nanos));
    }

    private static int StringFieldSize(string value) =>
        value.Length == 0 ? 0 : ProtoWriter.LengthDelimitedSize(Encoding.UTF8.GetByteCount(value));

    private static int WriteStreamField(Span<byte> destination, LogStreamEntries stream)
    {
        var size = StreamSize(stream);
        var written = WriteHeader(destination, 1, size);
        written += WriteString(destination[written..], 1, stream.Labels);
        foreach (var entry in stream.Entries)
        {
            written += WriteHeader(destination[written..], 2, EntrySize(entry));
            written += WriteEntry(destination[written..], entry);
        }

        return written;
    }

    private static int WriteEntry(Span<byte> destination, LogEntry entry)
    {
        var written = WriteHeader(destination, 1, TimestampSize(entry.TimestampNs));
        var (seconds, nanos) = Split(entry.TimestampNs);
        if (seconds != 0)
        {
            written += ProtoWriter.WriteTag(destination[written..], 1, ProtoWireType.Varint);
            written += ProtoWriter.WriteVarint(destination[written..], (ulong)seconds);
        }

        if (nanos != 0)
        {
            written += ProtoWriter.WriteTag(destination[written..], 2, ProtoWireType.Varint);
            written += ProtoWriter.WriteVarint(destination[written..], (ulong)nanos);
        }

        written += WriteString(destination[written..], 2, entry.Line);
        foreach (var pair in entry.Metadata)
        {
            written += WriteHeader(destination[written..], 3, PairSize(pair));
            written += WriteString(destination[written..], 1, pair.Name);
            written += WriteString(destination[written..], 2, pair.Value);
        }

        return written;
    }

    private static int WriteHeader(Span<byte> destination, int field, int length)
    {
        var written = ProtoWriter.WriteTag(destination, field, ProtoWireType.LengthDelimited);
        return written + ProtoWriter.WriteVarint(destination[written..], (ulong)length);
    }

    private static int WriteString(Span<byte> destination, int field, string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var written = WriteHeader(destination, field, Encoding.UTF8.GetByteCount(value));
        return written + Encoding.UTF8.GetBytes(value, destination[written..]);
    }
}

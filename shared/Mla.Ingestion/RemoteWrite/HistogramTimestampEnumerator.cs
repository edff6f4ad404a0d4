namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// The native histograms of one TimeSeries (field 4 of prompb <c>types.proto</c>): yields each histogram's
/// <c>timestamp</c> (field 15, Unix ms) and checks the wire structure of its other fields without decoding them.
/// </summary>
public ref struct HistogramTimestampEnumerator
{
    private const int TimestampField = 15;
    private ProtoReader _reader;

    internal HistogramTimestampEnumerator(ReadOnlySpan<byte> timeSeries, int origin)
    {
        _reader = new ProtoReader(timeSeries, origin, "TimeSeries");
        Current = 0;
    }

    public long Current { get; private set; }

    public readonly HistogramTimestampEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 4)
            {
                _reader.SkipField(field, wireType);
                continue;
            }

            _reader.Expect(wireType, ProtoWireType.LengthDelimited, "TimeSeries.histograms");
            var payload = _reader.ReadLengthDelimited(out var offset);
            Current = ReadTimestamp(payload, offset);
            return true;
        }

        return false;
    }

    private static long ReadTimestamp(ReadOnlySpan<byte> payload, int origin)
    {
        var reader = new ProtoReader(payload, origin, "Histogram");
        long timestamp = 0;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == TimestampField)
            {
                reader.Expect(wireType, ProtoWireType.Varint, "Histogram.timestamp");
                timestamp = (long)reader.ReadVarint();
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }

        return timestamp;
    }
}

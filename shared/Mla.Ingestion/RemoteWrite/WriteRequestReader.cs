namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// Reads a decompressed <c>WriteRequest{repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3}</c>
/// field by field, without allocating. Fields other than 1 are checked for wire structure and skipped.
/// </summary>
public ref struct WriteRequestReader
{
    private ProtoReader _reader;

    public WriteRequestReader(ReadOnlySpan<byte> request) => _reader = new ProtoReader(request, 0, "WriteRequest");

    /// <summary>Moves to the next top-level field of any kind; false at the end.</summary>
    public bool TryReadField(out WriteRequestField field)
    {
        var start = _reader.Position;
        if (!_reader.TryReadTag(out var number, out var wireType))
        {
            field = default;
            return false;
        }

        if (number != 1)
        {
            _reader.SkipField(number, wireType);
            field = new WriteRequestField(number, start, _reader.Position - start, default);
            return true;
        }

        _reader.Expect(wireType, ProtoWireType.LengthDelimited, "WriteRequest.timeseries");
        var payload = _reader.ReadLengthDelimited(out var payloadOffset);
        var length = _reader.Position - start;
        field = new WriteRequestField(number, start, length, new TimeSeriesView(payload, payloadOffset, start, length));
        return true;
    }

    /// <summary>Moves to the next TimeSeries, skipping other fields; false at the end.</summary>
    public bool TryReadTimeSeries(out TimeSeriesView series)
    {
        while (TryReadField(out var field))
        {
            if (field.IsTimeSeries)
            {
                series = field.Series;
                return true;
            }
        }

        series = default;
        return false;
    }
}

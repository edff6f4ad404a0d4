namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// One <c>TimeSeries{repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3;
/// repeated Histogram histograms = 4}</c> inside a request, read lazily: each enumerator walks the payload once.
/// </summary>
public readonly ref struct TimeSeriesView
{
    internal TimeSeriesView(ReadOnlySpan<byte> payload, int payloadOffset, int fieldStart, int fieldLength)
    {
        Payload = payload;
        PayloadOffset = payloadOffset;
        FieldStart = fieldStart;
        FieldLength = fieldLength;
    }

    /// <summary>The encoded TimeSeries message (without its tag and length).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Where <see cref="Payload"/> starts in the request.</summary>
    public int PayloadOffset { get; }

    /// <summary>Where the whole field (tag, length, payload) starts in the request: copy it to re-emit the series.</summary>
    public int FieldStart { get; }

    public int FieldLength { get; }

    public LabelEnumerator Labels => new(Payload, PayloadOffset);

    public SampleEnumerator Samples => new(Payload, PayloadOffset);

    public HistogramTimestampEnumerator HistogramTimestamps => new(Payload, PayloadOffset);

    /// <summary>Counts the exemplars (field 3), checking the wire structure of each.</summary>
    public int CountExemplars()
    {
        var reader = new ProtoReader(Payload, PayloadOffset, "TimeSeries");
        var count = 0;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 3)
            {
                reader.SkipField(field, wireType);
                continue;
            }

            reader.Expect(wireType, ProtoWireType.LengthDelimited, "TimeSeries.exemplars");
            var exemplar = reader.ReadLengthDelimited(out var offset);
            new ProtoReader(exemplar, offset, "Exemplar").SkipToEnd();
            count++;
        }

        return count;
    }
}

using Google.Protobuf;
using Mla.Ingestion.RemoteWrite;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// Prometheus remote-write 1.0 <c>WriteRequest</c> bytes for tests (schema: prometheus/prompb <c>remote.proto</c>
/// and <c>types.proto</c> — <c>WriteRequest{timeseries=1}</c>, <c>TimeSeries{labels=1, samples=2}</c>,
/// <c>Label{name=1, value=2}</c>, <c>Sample{value=1 double, timestamp=2 int64}</c>). Encoded with the product's
/// <see cref="WriteRequestWriter"/>, so test records are what the gateway would produce; decoded with
/// Google.Protobuf's <see cref="CodedInputStream"/>, a reader independent of the product's, so a test that checks
/// what the writer sends does not check the product's bytes with the product's own reader.
/// </summary>
public static class WriteRequestProtobuf
{
    private static readonly uint TimeSeriesTag = WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited);
    private static readonly uint LabelTag = WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited);
    private static readonly uint SampleTag = WireFormat.MakeTag(2, WireFormat.WireType.LengthDelimited);
    private static readonly uint LabelNameTag = WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited);
    private static readonly uint LabelValueTag = WireFormat.MakeTag(2, WireFormat.WireType.LengthDelimited);
    private static readonly uint SampleValueTag = WireFormat.MakeTag(1, WireFormat.WireType.Fixed64);
    private static readonly uint SampleTimestampTag = WireFormat.MakeTag(2, WireFormat.WireType.Varint);

    /// <summary>One TimeSeries per element, labels sorted by name (as Prometheus sends them), samples in order.</summary>
    public static byte[] Encode(IEnumerable<RemoteWriteSeries> series)
    {
        using var writer = new WriteRequestWriter();
        foreach (var one in series)
        {
            RemoteWriteLabel[] labels = [.. one.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new RemoteWriteLabel(l.Key, l.Value))];
            RemoteWriteSample[] samples = [.. one.Samples.Select(s => new RemoteWriteSample(s.Value, s.TimestampMs))];
            writer.AppendTimeSeries(labels, samples);
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a WriteRequest; fields other than labels and samples are skipped.</summary>
    public static IReadOnlyList<RemoteWriteSeries> Decode(ReadOnlySpan<byte> protobuf)
    {
        var result = new List<RemoteWriteSeries>();
        var input = new CodedInputStream(protobuf.ToArray());
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (tag == TimeSeriesTag)
            {
                result.Add(DecodeSeries(input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return result;
    }

    private static RemoteWriteSeries DecodeSeries(ByteString series)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var samples = new List<(double, long)>();
        var input = series.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (tag == LabelTag)
            {
                labels.Add(DecodeLabel(input.ReadBytes()));
            }
            else if (tag == SampleTag)
            {
                samples.Add(DecodeSample(input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return new RemoteWriteSeries(labels, samples);
    }

    private static KeyValuePair<string, string> DecodeLabel(ByteString label)
    {
        string name = string.Empty, value = string.Empty;
        var input = label.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (tag == LabelNameTag)
            {
                name = input.ReadString();
            }
            else if (tag == LabelValueTag)
            {
                value = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return new(name, value);
    }

    private static (double Value, long TimestampMs) DecodeSample(ByteString sample)
    {
        double value = 0;
        long timestamp = 0;
        var input = sample.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (tag == SampleValueTag)
            {
                value = input.ReadDouble();
            }
            else if (tag == SampleTimestampTag)
            {
                timestamp = input.ReadInt64();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return (value, timestamp);
    }
}

using Google.Protobuf;
using Mla.Gateway.Tests.Support;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Tests.RemoteWrite;

public sealed class WriteRequestCodecTests
{
    private static readonly double StaleMarker = BitConverter.UInt64BitsToDouble(0x7ff0000000000002);

    [Fact]
    public void Encoded_series_decode_to_the_same_labels_and_samples()
    {
        var request = Requests.Encode(
            (Requests.Labels("__name__", "up", "job", "node", "zone", "é—ü"), [new(1, 1_700_000_000_000), new(0, 0), new(-2.5, -1)]),
            (Requests.Labels("__name__", "stale", "a", ""), [new(StaleMarker, long.MaxValue), new(double.NegativeInfinity, long.MinValue)]));

        var decoded = Requests.Decode(request);

        Assert.Equal(2, decoded.Count);
        Assert.Equal([("__name__", "up"), ("job", "node"), ("zone", "é—ü")], decoded[0].Labels);
        Assert.Equal([new(1, 1_700_000_000_000), new(0, 0), new(-2.5, -1)], decoded[0].Samples);
        Assert.Equal([("__name__", "stale"), ("a", "")], decoded[1].Labels);
        Assert.Equal(0x7ff0000000000002UL, BitConverter.DoubleToUInt64Bits(decoded[1].Samples[0].Value));
        Assert.Equal(long.MaxValue, decoded[1].Samples[0].TimestampMs);
        Assert.Equal(new RemoteWriteSample(double.NegativeInfinity, long.MinValue), decoded[1].Samples[1]);
    }

    [Fact]
    public void Bytes_from_Google_Protobuf_decode_including_skipped_fields_of_every_wire_type()
    {
        var series = new RawMessage()
            .Message(1, RawMessage.Label("__name__", "requests_total"))
            .Message(3, new RawMessage().Message(1, RawMessage.Label("trace_id", "abc")).Double(2, 1).Int64(3, 5)) // exemplar
            .Message(2, RawMessage.Sample(42, 1_700_000_000_123))
            .Message(4, new RawMessage().Int64(1, 3).Int64(15, 1_700_000_000_999)) // native histogram
            .Fixed32(9, 7)
            .Int64(10, -1)
            .Double(11, 3)
            .Group(12, new RawMessage().Int64(1, 1).Group(2, new RawMessage().String(1, "nested")))
            .Message(1, RawMessage.Label("method", "GET"));
        var request = new RawMessage()
            .Message(3, new RawMessage().Int64(1, 1).String(2, "requests_total").String(4, "help")) // metadata
            .Message(1, series)
            .Int64(7, 99)
            .ToArray();

        var decoded = Requests.Decode(request);

        var only = Assert.Single(decoded);
        Assert.Equal([("__name__", "requests_total"), ("method", "GET")], only.Labels);
        Assert.Equal([new RemoteWriteSample(42, 1_700_000_000_123)], only.Samples);
        var reader = new WriteRequestReader(request);
        Assert.True(reader.TryReadTimeSeries(out var view));
        Assert.Equal(1, view.CountExemplars());
        var histograms = new List<long>();
        foreach (var timestamp in view.HistogramTimestamps)
        {
            histograms.Add(timestamp);
        }

        Assert.Equal([1_700_000_000_999L], histograms);
    }

    [Fact]
    public void Bytes_of_the_codec_read_back_with_Google_Protobuf()
    {
        var request = Requests.Encode((Requests.Labels("__name__", "x", "k", "v"), [new(1.5, 1_700_000_000_000), new(2, -5)]));

        var input = new CodedInputStream(request);
        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), input.ReadTag());
        var series = new CodedInputStream(input.ReadBytes().ToByteArray());
        var labels = new List<(string, string)>();
        var samples = new List<(double, long)>();
        uint tag;
        while ((tag = series.ReadTag()) != 0)
        {
            var field = new CodedInputStream(series.ReadBytes().ToByteArray());
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                field.ReadTag();
                var name = field.ReadString();
                field.ReadTag();
                labels.Add((name, field.ReadString()));
            }
            else
            {
                field.ReadTag();
                var value = field.ReadDouble();
                field.ReadTag();
                samples.Add((value, field.ReadInt64()));
            }
        }

        Assert.True(input.IsAtEnd);
        Assert.Equal([("__name__", "x"), ("k", "v")], labels);
        Assert.Equal([(1.5, 1_700_000_000_000L), (2.0, -5L)], samples);
    }

    [Fact]
    public void Absent_sample_fields_are_zero_and_repeated_fields_keep_the_last()
    {
        var request = Requests.WithSeries(new RawMessage()
            .Message(1, new RawMessage().String(1, "__name__").String(2, "first").String(2, "last"))
            .Message(2, new RawMessage())
            .Message(2, new RawMessage().Int64(2, 7).Int64(2, 8)));

        var only = Assert.Single(Requests.Decode(request));

        Assert.Equal([("__name__", "last")], only.Labels);
        Assert.Equal([new RemoteWriteSample(0, 0), new RemoteWriteSample(0, 8)], only.Samples);
    }

    [Fact]
    public void Labels_and_samples_in_and_out_of_the_usual_layout_decode_alike()
    {
        // The codec reads the usual layout (name then value, short lengths; value then a 6-byte timestamp) directly:
        // every variation around it must decode exactly as the general reader does.
        var longName = new string('n', 130);
        var series = new RawMessage()
            .Message(1, RawMessage.Label("__name__", "m"))                                  // the usual layout
            .Message(1, new RawMessage().String(2, "v1").String(1, "b"))                    // value first
            .Message(1, RawMessage.Label(longName, "v2"))                                   // a two-byte length
            .Message(1, new RawMessage().String(1, "d").String(2, "v3").Int64(9, 1))        // an unknown field after
            .Message(1, new RawMessage().String(1, "e"))                                    // no value: ""
            .Message(1, new RawMessage().String(1, "f").String(2, "v4").String(2, "v5"))    // the last value wins
            .Message(2, RawMessage.Sample(1.5, 1_700_000_000_000))                          // the usual layout
            .Message(2, RawMessage.Sample(2.5, 1_000_000))                                  // a 3-byte timestamp
            .Message(2, RawMessage.Sample(3.5, 1L << 42))                                   // seven bytes: one past the 6-byte ones
            .Message(2, RawMessage.Sample(4.5, (1L << 42) - 1))                             // the largest 6-byte one
            .Message(2, RawMessage.Sample(5.5, -1))                                         // ten bytes
            .Message(2, new RawMessage().Int64(2, 1_700_000_000_000).Double(1, 6.5));       // timestamp first

        var only = Assert.Single(Requests.Decode(Requests.WithSeries(series)));

        Assert.Equal([("__name__", "m"), ("b", "v1"), (longName, "v2"), ("d", "v3"), ("e", ""), ("f", "v5")], only.Labels);
        Assert.Equal(
            [new(1.5, 1_700_000_000_000), new(2.5, 1_000_000), new(3.5, 1L << 42), new(4.5, (1L << 42) - 1), new(5.5, -1), new RemoteWriteSample(6.5, 1_700_000_000_000)],
            only.Samples);
    }

    [Fact]
    public void Raw_fields_copied_by_the_writer_are_byte_identical()
    {
        var request = Requests.Encode(Requests.Series("a", 1), Requests.Series("b", 2), Requests.Series("c", 3));
        using var writer = new WriteRequestWriter(16);
        var reader = new WriteRequestReader(request);
        while (reader.TryReadField(out var field))
        {
            writer.AppendRawField(request.AsSpan(field.Start, field.Length));
        }

        Assert.Equal(request, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void An_empty_request_has_no_series()
    {
        var reader = new WriteRequestReader([]);
        Assert.False(reader.TryReadTimeSeries(out _));
    }
}

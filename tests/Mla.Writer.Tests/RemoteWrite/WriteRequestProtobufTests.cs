using System.Text;
using Mla.Ingestion.RemoteWrite;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.Writer.Tests.RemoteWrite;

/// <summary>
/// The tests' remote-write bytes: encoded with the product's writer, read back with Google.Protobuf. Both readers
/// (the independent one and the product's) must see the same series, or a writer test would check the wrong thing.
/// </summary>
public sealed class WriteRequestProtobufTests
{
    private static readonly double StaleMarker = BitConverter.UInt64BitsToDouble(0x7ff0000000000002);

    private static readonly RemoteWriteSeries[] Series =
    [
        new([new("zone", "é—ü"), new("__name__", "up"), new("job", "node")], [(1, 1_700_000_000_000), (-2.5, -1), (StaleMarker, long.MaxValue)]),
        new([new("__name__", "empty"), new("a", "")], []),
    ];

    [Fact]
    public void Encoded_series_decode_with_the_independent_reader_to_the_same_sorted_labels_and_samples()
    {
        var decoded = WriteRequestProtobuf.Decode(WriteRequestProtobuf.Encode(Series));

        Assert.Equal(2, decoded.Count);
        Assert.Equal([new("__name__", "up"), new("job", "node"), new("zone", "é—ü")], decoded[0].Labels);
        Assert.Equal([(1, 1_700_000_000_000), (-2.5, -1)], decoded[0].Samples.Take(2));
        Assert.Equal(0x7ff0000000000002UL, BitConverter.DoubleToUInt64Bits(decoded[0].Samples[2].Value));
        Assert.Equal(long.MaxValue, decoded[0].Samples[2].TimestampMs);
        Assert.Equal([new("__name__", "empty"), new("a", "")], decoded[1].Labels);
        Assert.Empty(decoded[1].Samples);
    }

    [Fact]
    public void The_products_reader_sees_the_same_series_as_the_independent_one()
    {
        var request = WriteRequestProtobuf.Encode(Series);
        var independent = WriteRequestProtobuf.Decode(request);

        var reader = new WriteRequestReader(request);
        var index = 0;
        while (reader.TryReadTimeSeries(out var series))
        {
            var labels = new List<KeyValuePair<string, string>>();
            foreach (var label in series.Labels)
            {
                labels.Add(new(Encoding.UTF8.GetString(label.Name), Encoding.UTF8.GetString(label.Value)));
            }

            var samples = new List<(double, long)>();
            foreach (var sample in series.Samples)
            {
                samples.Add((sample.Value, sample.TimestampMs));
            }

            Assert.Equal(independent[index].Labels, labels);
            Assert.Equal(independent[index].Samples.Select(s => BitConverter.DoubleToUInt64Bits(s.Value)), samples.Select(s => BitConverter.DoubleToUInt64Bits(s.Item1)));
            Assert.Equal(independent[index].Samples.Select(s => s.TimestampMs), samples.Select(s => s.Item2));
            index++;
        }

        Assert.Equal(independent.Count, index);
    }
}

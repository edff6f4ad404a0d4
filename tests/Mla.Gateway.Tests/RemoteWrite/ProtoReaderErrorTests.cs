using Mla.Gateway.Tests.Support;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Tests.RemoteWrite;

public sealed class ProtoReaderErrorTests
{
    public static TheoryData<string, byte[]> Malformed() => new()
    {
        { "truncated", [0x0a] },
        { "length 5 exceeds the 2 bytes left", [0x0a, 0x05, 0x0a, 0x03] },
        { "truncated", [0x0a, 0x80] },
        { "exceeds", [0x0a, 0x7f, 0x00] },
        { "overflows 64 bits", [0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02] },
        { "overflows 64 bits", [0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
        { "truncated varint", [0x10, 0xff, 0xff] },
        { "field number 0", [0x02, 0x00] },
        { "wire type 6", [0x0e] },
        { "wire type 7", [0x0f] },
        { "larger than 32 bits", [0x80, 0x80, 0x80, 0x80, 0x80, 0x01] },
        { "without a start", [0x1c] },
        { "not closed", [0x1b, 0x08, 0x01] },
        { "closes the group", [0x1b, 0x24] },
        { "truncated 64-bit", [0x19, 0x01, 0x02] },
        { "truncated 32-bit", [0x1d, 0x01] },
        { "wire type 0, expected 2", [0x08, 0x01] },
        { "TimeSeries.labels has wire type 0", [0x0a, 0x02, 0x08, 0x01] },
        { "Sample.value has wire type 0", [0x0a, 0x04, 0x12, 0x02, 0x08, 0x01] },
        { "Sample.timestamp has wire type 1", [0x0a, 0x0b, 0x12, 0x09, 0x11, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "Label.name has wire type 5", [0x0a, 0x07, 0x0a, 0x05, 0x0d, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_throws_the_codecs_error_naming_the_problem(string expected, byte[] request)
    {
        var error = Assert.Throws<RemoteWriteFormatException>(() => WalkEverything(request));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Offset, 0, request.Length);
    }

    [Fact]
    public void The_offset_points_at_the_bad_byte()
    {
        var good = Requests.Encode(Requests.Series("up", 1));
        var request = good.Concat(new byte[] { 0x0a, 0x09, 0x01 }).ToArray();

        var error = Assert.Throws<RemoteWriteFormatException>(() => WalkEverything(request));

        Assert.Equal(good.Length + 1, error.Offset);
    }

    [Fact]
    public void Deeply_nested_groups_are_refused()
    {
        var inner = new RawMessage();
        for (var depth = 0; depth < 40; depth++)
        {
            inner = new RawMessage().Group(5, inner);
        }

        var error = Assert.Throws<RemoteWriteFormatException>(() => WalkEverything(inner.ToArray()));
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Reads every series, label, sample, histogram and exemplar.</summary>
    internal static int WalkEverything(ReadOnlySpan<byte> request)
    {
        var count = 0;
        var reader = new WriteRequestReader(request);
        while (reader.TryReadTimeSeries(out var series))
        {
            foreach (var label in series.Labels)
            {
                count += label.Name.Length + label.Value.Length;
            }

            foreach (var sample in series.Samples)
            {
                count += (int)sample.TimestampMs;
            }

            foreach (var timestamp in series.HistogramTimestamps)
            {
                count += (int)timestamp;
            }

            count += series.CountExemplars();
        }

        return count;
    }
}

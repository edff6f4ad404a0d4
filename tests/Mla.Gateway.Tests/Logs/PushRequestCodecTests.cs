using Google.Protobuf;
using Mla.Ingestion.Logs;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Tests.Logs;

public sealed class PushRequestCodecTests
{
    private static readonly LogStreamEntries[] Streams =
    [
        new("{app=\"a\"}", [new LogEntry(1_700_000_000_123_456_789, "first line", LogEntry.NoMetadata), new LogEntry(1_700_000_001_000_000_000, "", [new LogLabel("trace_id", "abc"), new LogLabel("user", "é")])]),
        new("{app=\"b\", env=\"prod\"}", [new LogEntry(-1_500_000_000, "before 1970", LogEntry.NoMetadata)]),
    ];

    [Fact]
    public void Encoded_requests_decode_to_the_same_streams()
    {
        var decoded = PushRequestReader.Read(PushRequestWriter.Encode(Streams));

        AssertSame(Streams, decoded);
    }

    [Fact]
    public void Google_protobuf_reads_the_fields_where_push_proto_puts_them()
    {
        var bytes = PushRequestWriter.Encode(Streams.Take(1));
        var input = new CodedInputStream(bytes);

        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), input.ReadTag());
        var stream = new CodedInputStream(input.ReadBytes().ToByteArray());
        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), stream.ReadTag());
        Assert.Equal("{app=\"a\"}", stream.ReadString());
        Assert.Equal(WireFormat.MakeTag(2, WireFormat.WireType.LengthDelimited), stream.ReadTag());
        var entry = new CodedInputStream(stream.ReadBytes().ToByteArray());
        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), entry.ReadTag());
        var timestamp = Google.Protobuf.WellKnownTypes.Timestamp.Parser.ParseFrom(entry.ReadBytes());
        Assert.Equal((1_700_000_000L, 123_456_789), (timestamp.Seconds, timestamp.Nanos));
        Assert.Equal(WireFormat.MakeTag(2, WireFormat.WireType.LengthDelimited), entry.ReadTag());
        Assert.Equal("first line", entry.ReadString());
        Assert.True(entry.IsAtEnd);
    }

    [Fact]
    public void Two_encoded_requests_one_after_the_other_are_one_request_with_both()
    {
        var joined = PushRequestWriter.Encode(Streams.Take(1)).Concat(PushRequestWriter.Encode(Streams.Skip(1))).ToArray();

        AssertSame(Streams, PushRequestReader.Read(joined));
    }

    [Fact]
    public void Truncated_requests_raise_the_codec_error()
    {
        var bytes = PushRequestWriter.Encode(Streams);

        for (var length = 1; length < bytes.Length; length++)
        {
            var cut = bytes.AsSpan(0, length).ToArray();
            try
            {
                PushRequestReader.Read(cut);
            }
            catch (RemoteWriteFormatException)
            {
                continue;
            }

            // A cut can only decode when it falls between two streams.
            Assert.Equal(PushRequestWriter.StreamFieldSize(Streams[0]), length);
        }
    }

    private static void AssertSame(LogStreamEntries[] expected, List<LogStreamEntries> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Labels, actual[i].Labels);
            Assert.Equal(expected[i].Entries.Count, actual[i].Entries.Count);
            for (var j = 0; j < expected[i].Entries.Count; j++)
            {
                var (e, a) = (expected[i].Entries[j], actual[i].Entries[j]);
                Assert.Equal((e.TimestampNs, e.Line), (a.TimestampNs, a.Line));
                Assert.Equal(e.Metadata, a.Metadata);
            }
        }
    }
}

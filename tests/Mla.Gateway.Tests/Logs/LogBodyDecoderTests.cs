using System.IO.Compression;
using System.Text;
using Mla.Gateway.Limits;
using Mla.Gateway.Logs;
using Mla.Ingestion.Logs;
using Snappier;

namespace Mla.Gateway.Tests.Logs;

public sealed class LogBodyDecoderTests
{
    private const int MaxDecompressed = 1024 * 1024;
    private readonly InFlightBudget _budget = new(1L << 30);

    [Theory]
    [InlineData(null, "", 400, "Content-Type is required")]
    [InlineData("text/plain", "", 415, "is not supported")]
    [InlineData("application/x-www-form-urlencoded", "", 415, "is not supported")]
    [InlineData(";;;", "", 400, "cannot be parsed")]
    [InlineData("application/json", "br", 400, "Content-Encoding \"br\" not supported")]
    [InlineData("application/x-protobuf", "gzip", 400, "Content-Encoding \"gzip\" not supported")]
    public void Wrong_headers_get_their_status(string? contentType, string encoding, int status, string message)
    {
        var failure = LogBodyDecoder.CheckHeaders(contentType, encoding);

        Assert.NotNull(failure);
        Assert.Equal(status, failure.Status);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", "")]
    [InlineData("application/json; charset=utf-8", "gzip")]
    [InlineData("application/json", "deflate")]
    [InlineData("application/x-protobuf", "")]
    [InlineData("application/x-protobuf", "snappy")]
    public void The_three_forms_are_accepted(string contentType, string encoding)
    {
        var streams = new[] { new LogStreamEntries("{app=\"x\"}", [new LogEntry(7, "hello", [new LogLabel("k", "v")])]) };
        var body = contentType.StartsWith("application/json", StringComparison.Ordinal)
            ? Compress(PushJsonWriter.Encode([([new LogLabel("app", "x")], streams[0].Entries)]), encoding)
            : Snappy.CompressToArray(PushRequestWriter.Encode(streams));

        Assert.Null(LogBodyDecoder.CheckHeaders(contentType, encoding));
        var decoded = LogBodyDecoder.Decode(contentType, encoding, body, MaxDecompressed, _budget);

        Assert.Null(decoded.Failure);
        var stream = Assert.Single(decoded.Streams!);
        Assert.Equal("{app=\"x\"}", stream.Labels);
        Assert.Equal(("hello", 7L), (stream.Entries[0].Line, stream.Entries[0].TimestampNs));
        Assert.Equal([new LogLabel("k", "v")], stream.Entries[0].Metadata);
        Assert.Equal(contentType.Contains("protobuf", StringComparison.Ordinal), decoded.IsProtobuf);
        Assert.Equal(0, _budget.Used);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public void A_compression_bomb_gets_413_and_gives_its_bytes_back(string encoding)
    {
        // 1 GiB of zeros in a ~1 MiB body; only MaxDecompressed (+ a buffer) may ever be held.
        var bomb = Bomb(encoding, 1L << 30);
        var budget = new InFlightBudget(4L * MaxDecompressed);

        var decoded = LogBodyDecoder.Decode("application/json", encoding, bomb, MaxDecompressed, budget);

        Assert.Equal(413, decoded.Failure?.Status);
        Assert.Contains("decompresses to more than", decoded.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public void A_snappy_header_announcing_too_much_gets_413_before_decompressing()
    {
        var body = Snappy.CompressToArray(new byte[MaxDecompressed + 1]);

        var decoded = LogBodyDecoder.Decode("application/x-protobuf", "", body, MaxDecompressed, _budget);

        Assert.Equal(413, decoded.Failure?.Status);
        Assert.Equal(0, _budget.Used);
    }

    [Theory]
    [InlineData("application/x-protobuf", "", "not snappy", 400, "snappy")]
    [InlineData("application/x-protobuf", "", "truncated protobuf", 400, "not a valid Loki PushRequest")]
    [InlineData("application/json", "", "bad json", 400, "JSON")]
    [InlineData("application/json", "gzip", "not gzip", 400, "not valid gzip")]
    public void Bad_bodies_get_400_with_the_reason(string contentType, string encoding, string name, int status, string message)
    {
        var proto = PushRequestWriter.Encode([new LogStreamEntries("{app=\"x\"}", [new LogEntry(7, "hello world", LogEntry.NoMetadata)])]);
        var body = name switch
        {
            "not snappy" => Encoding.UTF8.GetBytes("definitely not snappy at all, not even close"),
            "truncated protobuf" => Snappy.CompressToArray(proto.AsSpan(0, proto.Length - 3)),
            "bad json" => Encoding.UTF8.GetBytes("{\"streams\": [{\"stream\": }"),
            _ => Encoding.UTF8.GetBytes("{\"streams\":[]}"),
        };

        var decoded = LogBodyDecoder.Decode(contentType, encoding, body, MaxDecompressed, _budget);

        Assert.Equal(status, decoded.Failure?.Status);
        Assert.Contains(message, decoded.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(0, _budget.Used);
    }

    internal static byte[] Bomb(string encoding, long size)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip" ? new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true) : new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.Length)
            {
                compressor.Write(zeros);
            }
        }

        return output.ToArray();
    }

    private static byte[] Compress(byte[] body, string encoding)
    {
        if (encoding.Length == 0)
        {
            return body;
        }

        using var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(body);
        }

        return output.ToArray();
    }
}

using Microsoft.Extensions.Primitives;
using Mla.Gateway.RemoteWrite;

namespace Mla.Gateway.Tests.RemoteWrite;

public sealed class RemoteWriteHeadersTests
{
    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("application/x-protobuf;proto=prometheus.WriteRequest")]
    [InlineData("Application/X-Protobuf; proto=\"prometheus.WriteRequest\"")]
    public void Remote_write_1_0_content_types_are_accepted(string contentType) =>
        Assert.Null(RemoteWriteHeaders.Check(contentType, new StringValues("snappy")));

    [Theory]
    [InlineData(null, "is not accepted")]
    [InlineData("", "is not accepted")]
    [InlineData("application/json", "is not accepted")]
    [InlineData("application/x-protobuf;proto=io.prometheus.write.v2.Request", "remote write 2.0")]
    [InlineData("application/x-protobuf;proto=other.Message", "proto 'other.Message' is not accepted")]
    public void Other_content_types_are_refused_with_a_reason(string? contentType, string expected) =>
        Assert.Contains(expected, RemoteWriteHeaders.Check(contentType, new StringValues("snappy")), StringComparison.Ordinal);

    [Theory]
    [InlineData(null)]
    [InlineData("gzip")]
    [InlineData("snappy,gzip")]
    public void Only_snappy_content_encoding_is_accepted(string? encoding)
    {
        var values = encoding is null ? StringValues.Empty : new StringValues(encoding.Split(','));
        Assert.Contains("Content-Encoding", RemoteWriteHeaders.Check("application/x-protobuf", values), StringComparison.Ordinal);
    }
}

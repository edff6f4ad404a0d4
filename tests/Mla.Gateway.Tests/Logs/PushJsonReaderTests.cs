using System.Text;
using Mla.Ingestion.Logs;

namespace Mla.Gateway.Tests.Logs;

public sealed class PushJsonReaderTests
{
    [Fact]
    public void The_loki_json_form_with_structured_metadata_is_read()
    {
        const string json = """
            {"streams":[{"stream":{"job":"syslog","host":"h1"},"values":[["1700000000000000001","hello"],["1700000000000000002","with meta",{"trace_id":"t1"}]]}],"extra":{"ignored":[1,2]}}
            """;

        var streams = PushJsonReader.Read(Encoding.UTF8.GetBytes(json));

        var stream = Assert.Single(streams);
        Assert.Equal("{host=\"h1\", job=\"syslog\"}", stream.Labels);
        Assert.Equal([1_700_000_000_000_000_001L, 1_700_000_000_000_000_002L], stream.Entries.Select(e => e.TimestampNs));
        Assert.Equal(["hello", "with meta"], stream.Entries.Select(e => e.Line));
        Assert.Equal([new LogLabel("trace_id", "t1")], stream.Entries[1].Metadata);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads()
    {
        var labels = new[] { new LogLabel("app", "x\"y") };
        var entries = new[] { new LogEntry(5, "line\n\u0001é", [new LogLabel("k", "v")]) };

        var stream = Assert.Single(PushJsonReader.Read(PushJsonWriter.Encode([(labels, entries)])));

        Assert.Equal(LabelSetSyntax.Format(labels), stream.Labels);
        Assert.Equal(entries[0].Line, stream.Entries[0].Line);
        Assert.Equal(entries[0].Metadata, stream.Entries[0].Metadata);
    }

    [Theory]
    [InlineData("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[1700000000000000000,\"x\"]]}]}", "must be a string")]
    [InlineData("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"17e9\",\"x\"]]}]}", "not a number of Unix nanoseconds")]
    [InlineData("{\"streams\":[{\"stream\":{\"a\":1},\"values\":[]}]}", "must be a string")]
    [InlineData("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\",{},\"more\"]]}]}", "more than")]
    [InlineData("{\"streams\":[", "JSON")]
    [InlineData("[]", "must be an object")]
    [InlineData("{\"streams\":[]} {}", "not valid JSON")]
    [InlineData("", "JSON")]
    public void Malformed_json_raises_the_format_error_with_a_reason(string json, string reason)
    {
        var ex = Assert.Throws<LogFormatException>(() => PushJsonReader.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}

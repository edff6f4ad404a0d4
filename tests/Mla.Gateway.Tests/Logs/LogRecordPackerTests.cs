using Mla.Gateway.Logs;
using Mla.Ingestion.Logs;
using Snappier;

namespace Mla.Gateway.Tests.Logs;

public sealed class LogRecordPackerTests
{
    [Fact]
    public void Streams_and_large_streams_are_split_into_records_that_fit_and_keep_every_entry()
    {
        const int maxRecord = 16 * 1024;
        var random = new Random(7);
        var streams = Enumerable.Range(0, 20).Select(s => new LogStreamEntries(
            $"{{app=\"s{s}\"}}",
            [.. Enumerable.Range(0, s == 3 ? 2000 : 10).Select(i => new LogEntry(i, RandomLine(random, 100), LogEntry.NoMetadata))])).ToList();

        Assert.True(LogRecordPacker.TryPack(streams, maxRecord, out var records));

        Assert.True(records.Count > 5, $"{records.Count} records");
        Assert.All(records, r => Assert.True(r.Value.Length <= maxRecord, $"{r.Value.Length} bytes"));
        var read = records.SelectMany(r => PushRequestReader.Read(Snappy.DecompressToArray(r.Value))).ToList();
        Assert.Equal(streams.Sum(s => s.Entries.Count), records.Sum(r => r.Samples));
        foreach (var stream in streams)
        {
            Assert.Equal(stream.Entries.Select(e => (e.TimestampNs, e.Line)), read.Where(r => r.Labels == stream.Labels).SelectMany(r => r.Entries).Select(e => (e.TimestampNs, e.Line)));
        }
    }

    [Fact]
    public void An_entry_larger_than_a_record_cannot_be_packed()
    {
        var stream = new LogStreamEntries("{app=\"x\"}", [new LogEntry(1, RandomLine(new Random(1), 40_000), LogEntry.NoMetadata)]);

        Assert.False(LogRecordPacker.TryPack([stream], 16 * 1024, out _));
    }

    private static string RandomLine(Random random, int length) =>
        string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)r.Next(33, 127);
            }
        });
}

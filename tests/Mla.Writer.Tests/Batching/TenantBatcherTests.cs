using Microsoft.Extensions.Time.Testing;
using Mla.Writer.Batching;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.Batching;

public sealed class TenantBatcherTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Records_are_batched_per_tenant_until_the_record_limit()
    {
        var batcher = new TenantBatcher(maxBytes: 1 << 20, maxRecords: 3, TimeSpan.FromSeconds(1), _clock);

        Assert.Empty(batcher.Add(Records.Held("a", 0)));
        Assert.Empty(batcher.Add(Records.Held("b", 1)));
        Assert.Empty(batcher.Add(Records.Held("a", 2)));
        var full = Assert.Single(batcher.Add(Records.Held("a", 3)));

        Assert.Equal("a", full.Tenant);
        Assert.Equal([0L, 2L, 3L], full.Records.Select(r => r.Position.Offset.Value));
        Assert.Equal(1, batcher.HeldRecords);
    }

    [Fact]
    public void A_record_that_would_overflow_the_size_closes_the_batch_before_it()
    {
        var one = Records.Held("a", 0);
        var batcher = new TenantBatcher(maxBytes: (one.UncompressedLength * 2) + 1, maxRecords: 100, TimeSpan.FromSeconds(1), _clock);

        Assert.Empty(batcher.Add(one));
        Assert.Empty(batcher.Add(Records.Held("a", 1)));
        var ready = Assert.Single(batcher.Add(Records.Held("a", 2)));

        Assert.Equal(2, ready.Count);
        Assert.Equal(1, batcher.HeldRecords);
    }

    [Fact]
    public void A_record_larger_than_the_size_limit_travels_alone()
    {
        var batcher = new TenantBatcher(maxBytes: 1, maxRecords: 100, TimeSpan.FromSeconds(1), _clock);

        var ready = Assert.Single(batcher.Add(Records.Held("a", 0)));

        Assert.Equal(1, ready.Count);
        Assert.Equal(0, batcher.HeldRecords);
    }

    [Fact]
    public void Batches_are_due_once_their_first_record_waited_the_max_wait()
    {
        var batcher = new TenantBatcher(maxBytes: 1 << 20, maxRecords: 100, TimeSpan.FromSeconds(1), _clock);
        batcher.Add(Records.Held("a", 0));
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        batcher.Add(Records.Held("b", 1));

        Assert.Empty(batcher.TakeDue());
        Assert.Equal(TimeSpan.FromMilliseconds(400), batcher.NextDueIn());

        _clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal("a", Assert.Single(batcher.TakeDue()).Tenant);

        _clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal("b", Assert.Single(batcher.TakeDue()).Tenant);
        Assert.Null(batcher.NextDueIn());
    }

    [Fact]
    public void A_batch_handed_out_full_does_not_make_a_later_one_due_early()
    {
        var batcher = new TenantBatcher(maxBytes: 1 << 20, maxRecords: 2, TimeSpan.FromSeconds(1), _clock);
        batcher.Add(Records.Held("a", 0));
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        batcher.Add(Records.Held("b", 1));
        Assert.Single(batcher.Add(Records.Held("a", 2))); // a's first batch is full
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        batcher.Add(Records.Held("a", 3)); // a's second batch opens 600 ms in

        Assert.Equal(TimeSpan.FromMilliseconds(700), batcher.NextDueIn()); // b's, not a's handed-out one
        _clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal("b", Assert.Single(batcher.TakeDue()).Tenant);
        Assert.Equal(TimeSpan.FromMilliseconds(300), batcher.NextDueIn());
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        var due = Assert.Single(batcher.TakeDue());
        Assert.Equal([3L], due.Records.Select(r => r.Position.Offset.Value));
        Assert.Equal(0, batcher.HeldRecords);
    }

    [Fact]
    public void Records_of_a_revoked_partition_are_dropped()
    {
        var batcher = new TenantBatcher(maxBytes: 1 << 20, maxRecords: 100, TimeSpan.FromSeconds(1), _clock);
        batcher.Add(Records.Held("a", 0, partition: 0));
        batcher.Add(Records.Held("a", 0, partition: 1));
        batcher.Add(Records.Held("b", 1, partition: 1));

        Assert.Equal(2, batcher.RemoveWhere(r => r.Position.Partition.Value == 1));

        var left = Assert.Single(batcher.TakeAll());
        Assert.Equal(0, Assert.Single(left.Records).Position.Partition.Value);
    }

    [Fact]
    public void A_merged_body_is_one_WriteRequest_with_every_records_series()
    {
        var records = new[] { Records.Held("a", 0, name: "first"), Records.Held("a", 1, name: "second"), Records.Held("a", 2, name: "third") };

        var body = RemoteWriteBody.For(records);

        var series = Mla.TestSupport.VictoriaMetrics.WriteRequestProtobuf.Decode(Snappier.Snappy.DecompressToArray(body));
        Assert.Equal(["first", "second", "third"], series.Select(s => s.Labels.Single(l => l.Key == "__name__").Value));
        Assert.Same(records[0].Compressed, RemoteWriteBody.For([records[0]]));
    }

    [Fact]
    public void A_merged_body_of_large_records_decompresses_to_their_concatenation_without_compressing_again()
    {
        // Thousands of similar series: snappy's blocks are mostly copies reaching far back, and the length
        // preambles take three bytes; the merged block (4 records) must decompress to exactly the 4 WriteRequests.
        var protobufs = Enumerable.Range(0, 4).Select(i => Records.Protobuf($"big_{i}", series: 3_000 + i)).ToList();
        var consumed = protobufs.Select((p, i) => Records.Consumed("a", i, p)).ToList();
        var records = consumed.Select(c => Assert.IsType<HeldRecord>(RecordReader.TryRead(c, null, out var r, out _) ? r : null)).ToList();
        Assert.Equal(protobufs.Select(p => p.Length), records.Select(r => r.UncompressedLength));
        Assert.All(records, r => Assert.True(r.Compressed.Length * 3 < r.UncompressedLength, "the records compress well: copies are exercised"));

        var body = RemoteWriteBody.For(records);

        Assert.Equal(protobufs.SelectMany(p => p), Snappier.Snappy.DecompressToArray(body));
        Assert.True(body.Length < records.Sum(r => r.Compressed.Length), "no bigger than the records' own blocks together");
        var series = Mla.TestSupport.VictoriaMetrics.WriteRequestProtobuf.Decode(Snappier.Snappy.DecompressToArray(body));
        Assert.Equal(12_006, series.Count);
    }

    [Fact]
    public void Records_that_are_not_remote_write_bodies_are_refused_with_a_reason()
    {
        var consumed = Records.Consumed("a", 0, Records.Protobuf("m"));
        consumed.Message.Value = [0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2];

        Assert.False(RecordReader.TryRead(consumed, null, out _, out var error));
        Assert.Contains("snappy", error, StringComparison.Ordinal);

        var noTenant = Records.Consumed("a", 0, Records.Protobuf("m"));
        noTenant.Message.Key = null;
        noTenant.Message.Headers.Remove(Mla.Ingestion.Kafka.IngestionHeaders.Tenant);
        Assert.False(RecordReader.TryRead(noTenant, null, out _, out error));
        Assert.Contains("tenant", error, StringComparison.Ordinal);
    }
}

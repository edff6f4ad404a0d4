using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Mla.IntegrationTests.Support;
using Mla.Ingestion.Kafka;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// One tenant refused by the store (a proxy in front of VictoriaMetrics answers 429 to tenant a only) holds back
/// none of the others: b's and c's samples are queryable within seconds all along, and every acknowledged sample
/// of a arrives once the store takes a again, either from memory or, past MaxTenantStall, through the retry topic.
/// </summary>
[Collection(WriterCollection.Name)]
public sealed class WriterTenantIsolationTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Refused = "a";
    private const int SamplesPerRecord = 10;
    private static readonly string[] Flowing = ["b", "c"];
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(2);

    /// <summary>How long b's and c's samples of a round may take to be queryable while a is refused.</summary>
    private static readonly TimeSpan FlowingDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_tenant_refused_for_a_minute_holds_back_no_other_tenant_and_loses_nothing()
    {
        const string topic = "writer-tenant-refused";
        await using var proxy = await TenantRefusingProxy.StartAsync(victoria.Server.RemoteWriteUrl, Refused);
        var settings = WriterSettings.For(kafka.BootstrapServers, topic, proxy.RemoteWriteUrl, ("MaxTenantStall", "00:10:00"), ("MaxConcurrentRequests", "4"));
        await using var writer = await WriterTestApp.StartAsync(settings);

        var result = await RunOutageAsync(topic, TimeSpan.FromSeconds(60), proxy, writer, settings, diverted: false);

        // Held in memory all along: nothing of a was moved, and a's partitions were committed only up to a's records.
        Assert.Equal(0, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_moved_to_retry_topic_total", Refused)));
        Assert.True(result.CommittedDuringOutage < result.Produced, $"{result.CommittedDuringOutage} of {result.Produced} records committed while a was refused");
    }

    [Fact]
    public async Task A_tenant_stalled_longer_than_MaxTenantStall_goes_through_the_retry_topic_and_still_arrives()
    {
        const string topic = "writer-tenant-stalled";
        await using var proxy = await TenantRefusingProxy.StartAsync(victoria.Server.RemoteWriteUrl, Refused);
        var settings = WriterSettings.For(kafka.BootstrapServers, topic, proxy.RemoteWriteUrl, ("MaxTenantStall", "00:00:08"));
        await using var writer = await WriterTestApp.StartAsync(settings);

        var result = await RunOutageAsync(topic, TimeSpan.FromSeconds(30), proxy, writer, settings, diverted: true);

        // a's records left the metrics topic for the retry topic, so every partition's offsets moved on.
        Assert.Equal(result.Produced, result.CommittedDuringOutage);
        var moved = await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_moved_to_retry_topic_total", Refused));
        Assert.True(moved > 0, "records of a moved to the retry topic");
        var retried = ReadAll(IngestionTopics.Retry(topic));
        Assert.Equal(moved, retried.Count);
        Assert.All(retried, r =>
        {
            Assert.Equal(Refused, Header(r, IngestionHeaders.RetryTenant));
            Assert.Equal(Refused, Header(r, IngestionHeaders.Tenant));
            Assert.Equal(WriterSettings.Sink, Header(r, IngestionHeaders.RetrySink));
            Assert.Equal(topic, Header(r, IngestionHeaders.RetryTopic));
            Assert.Contains("429", Header(r, IngestionHeaders.RetryReason), StringComparison.Ordinal);
            Assert.InRange(int.Parse(Header(r, IngestionHeaders.RetryPartition), System.Globalization.CultureInfo.InvariantCulture), 0, WriterKafkaFixture.Partitions - 1);
        });
    }

    /// <summary>
    /// Produces a round of one record per tenant every <see cref="Round"/> while a is refused for <paramref name="outage"/>,
    /// checking after each that b's and c's samples are queryable and none of a's; then lets a through and waits for
    /// all. With <c>diverted</c>, a's records are expected to go to the retry topic: every offset is committed before
    /// the outage ends.
    /// </summary>
    private async Task<OutageResult> RunOutageAsync(string topic, TimeSpan outage, TenantRefusingProxy proxy, WriterTestApp writer, Dictionary<string, string?> settings, bool diverted)
    {
        var vm = victoria.Server;
        var run = TestSamples.NewRun();
        await writer.WaitUntilReadyAsync();
        using var producer = new GatewayProducer(kafka.BootstrapServers);
        var expected = new[] { Refused }.Concat(Flowing).ToDictionary(t => t, _ => new HashSet<(string, long)>());

        proxy.Refusing = true;
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        var slowest = TimeSpan.Zero;
        while (clock.Elapsed < outage)
        {
            var started = clock.Elapsed;
            foreach (var (tenant, set) in expected)
            {
                var samples = TestSamples.Create(run, tenant, records: 1, samplesPerRecord: SamplesPerRecord, firstRecord: rounds);
                await producer.ProduceAsync(topic, samples);
                set.UnionWith(samples.Expected);
            }

            rounds++;
            foreach (var tenant in Flowing)
            {
                await Eventually.WaitAsync(
                    () => vm.DistinctSamplesAsync(TestSamples.Selector(run), $"tenant={tenant}"),
                    s => s.Count >= expected[tenant].Count,
                    FlowingDeadline,
                    s => $"{s.Count} of {expected[tenant].Count} samples of {tenant} while {Refused} is refused ({clock.Elapsed.TotalSeconds:0} s into the outage)");
            }

            slowest = clock.Elapsed - started > slowest ? clock.Elapsed - started : slowest;
            Assert.Empty(await vm.DistinctSamplesAsync(TestSamples.Selector(run), $"tenant={Refused}"));

            // Pacing only: the next round starts a round length after this one started.
            var left = Round - (clock.Elapsed - started);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }

        Assert.True(proxy.Refused > 0, "the proxy refused tenant a");
        var produced = rounds * expected.Count;
        var groupId = settings[$"Mla:Writer:Sinks:{WriterSettings.Sink}:GroupId"]!;
        var committed = await Eventually.WaitAsync(
            () => Task.FromResult(CommittedRecords(topic, groupId)),
            c => c == produced || !diverted,
            TimeSpan.FromSeconds(30),
            c => $"{c} of {produced} records committed while {Refused} is refused");

        proxy.Refusing = false;
        var after = Stopwatch.StartNew();
        var seen = await Eventually.WaitAsync(
            () => vm.DistinctSamplesAsync(TestSamples.Selector(run), $"tenant={Refused}"),
            s => s.Count >= expected[Refused].Count,
            TimeSpan.FromSeconds(60),
            s => $"{s.Count} of {expected[Refused].Count} samples of {Refused} after the outage");
        Mla.TestSupport.ServerAnnouncement.Write(
            $"tenant {Refused} refused for {clock.Elapsed.TotalSeconds:0} s: {rounds} rounds, b and c queryable within {slowest.TotalSeconds:0.0} s of a round at worst; all {seen.Count} samples of {Refused} in VictoriaMetrics {after.Elapsed.TotalSeconds:0.0} s after");
        foreach (var (tenant, set) in expected)
        {
            var stored = await vm.DistinctSamplesAsync(TestSamples.Selector(run), $"tenant={tenant}");
            Assert.True(set.SetEquals(stored), $"tenant {tenant}: exactly its {set.Count} samples, {stored.Except(set).Count()} unexpected, {set.Except(stored).Count()} missing");
        }

        return new OutageResult(produced, committed);
    }

    private long CommittedRecords(string topic, string groupId)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        var partitions = Enumerable.Range(0, WriterKafkaFixture.Partitions).Select(p => new TopicPartition(topic, p));
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(c => c.Offset == Offset.Unset ? 0 : c.Offset.Value);
    }

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"retry-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var clock = Stopwatch.StartNew();
        while (records.Count < end && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false } result)
            {
                records.Add(result);
            }
        }

        Assert.Equal(end, records.Count);
        return records;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));

    private sealed record OutageResult(long Produced, long CommittedDuringOutage);
}

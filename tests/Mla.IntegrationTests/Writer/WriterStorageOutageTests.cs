using Mla.IntegrationTests.Support;
using System.Diagnostics;
using Confluent.Kafka;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>While the storage is down nothing is committed past what it took; once it is back, every sample arrives.</summary>
[Collection(WriterCollection.Name)]
public sealed class WriterStorageOutageTests(WriterKafkaFixture kafka) : IAsyncLifetime
{
    private const string Topic = "writer-outage";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);
    private VictoriaMetricsServer _victoria = null!;

    public async Task InitializeAsync() => _victoria = await VictoriaMetricsServer.StartAsync(ownInstance: true);

    public async Task DisposeAsync() => await _victoria.DisposeAsync();

    [Fact]
    public async Task Samples_produced_while_VictoriaMetrics_is_stopped_all_arrive_after_it_is_back()
    {
        Assert.True(_victoria.CanRestart);
        const string tenant = "outage";
        var run = TestSamples.NewRun();
        var before = TestSamples.Create(run, tenant, records: 50, samplesPerRecord: 10);
        var during = TestSamples.Create(run, tenant, records: 150, samplesPerRecord: 10, firstRecord: 50);
        var all = before.Expected.Union(during.Expected).ToHashSet();
        Assert.Equal(2000, all.Count);
        var settings = WriterSettings.For(kafka.BootstrapServers, Topic, _victoria.RemoteWriteUrl);
        await using var writer = await WriterTestApp.StartAsync(settings);
        await writer.WaitUntilReadyAsync();
        using var producer = new GatewayProducer(kafka.BootstrapServers);
        var written = WriterTestApp.Counter("mla_writer_records_written_total", tenant);
        var retried = WriterTestApp.Counter("mla_writer_records_retried_total", tenant);

        await producer.ProduceAsync(Topic, before);
        await Eventually.WaitAsync(() => _victoria.DistinctSamplesAsync(TestSamples.Selector(run)), s => s.Count == before.Expected.Count, TimeSpan.FromSeconds(60), s => $"{s.Count} of {before.Expected.Count} samples before the outage");
        await Eventually.WaitAsync(() => writer.MetricAsync(written), w => w == 50, TimeSpan.FromSeconds(30), w => $"{w} records written");

        await _victoria.StopAsync();
        var outage = Stopwatch.StartNew();
        await producer.ProduceAsync(Topic, during);
        await Eventually.WaitAsync(() => writer.MetricAsync(retried), r => r > 0, TimeSpan.FromSeconds(30), r => $"{r} records retried");

        // The outage lasts its full length; all along, the writer reports nothing more as written.
        while (outage.Elapsed < Outage)
        {
            Assert.Equal(50, await writer.MetricAsync(written));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        // Nothing produced during the outage is committed: the group's offsets cover exactly the 50 records before it.
        Assert.Equal(50, CommittedRecords(settings[$"Mla:Writer:Sinks:{WriterSettings.Sink}:GroupId"]!));

        await _victoria.StartAgainAsync();
        var clock = Stopwatch.StartNew();
        var seen = await Eventually.WaitAsync(() => _victoria.DistinctSamplesAsync(TestSamples.Selector(run)), s => s.Count >= all.Count, TimeSpan.FromSeconds(60), s => $"{s.Count} of {all.Count} samples after the outage");
        ServerAnnouncementLine($"outage of {outage.Elapsed.TotalSeconds:0.0} s; all {all.Count} samples in VictoriaMetrics {clock.Elapsed.TotalSeconds:0.0} s after it came back");

        Assert.True(all.SetEquals(seen), $"exactly the {all.Count} produced samples: {seen.Except(all).Count()} unexpected, {all.Except(seen).Count()} missing");
        Assert.Equal(200, await writer.MetricAsync(written));
        Assert.True(await writer.MetricAsync(retried) >= 1);
    }

    private long CommittedRecords(string groupId)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        var partitions = Enumerable.Range(0, WriterKafkaFixture.Partitions).Select(p => new TopicPartition(Topic, p));
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(c => c.Offset == Offset.Unset ? 0 : c.Offset.Value);
    }

    private static void ServerAnnouncementLine(string line) => Mla.TestSupport.ServerAnnouncement.Write(line);
}

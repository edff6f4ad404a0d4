using Mla.IntegrationTests.Support;
using Confluent.Kafka;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>A graceful stop writes what the writer holds and commits it: the next writer of the group has nothing left to read.</summary>
[Collection(WriterCollection.Name)]
public sealed class WriterShutdownTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Topic = "writer-shutdown";

    [Fact]
    public async Task Stopping_flushes_the_held_batches_and_commits_their_offsets()
    {
        const string tenant = "shutdown";
        var run = TestSamples.NewRun();
        var samples = TestSamples.Create(run, tenant, records: 20, samplesPerRecord: 3);
        var vm = victoria.Server;

        // Batches would wait ten minutes (and not go out early once the consumer caught up): only the shutdown flush can write them.
        var settings = WriterSettings.For(kafka.BootstrapServers, Topic, vm.RemoteWriteUrl, ("BatchMaxWait", "00:10:00"), ("SendEarlyWhenCaughtUp", "false"));
        var writer = await WriterTestApp.StartAsync(settings);
        await writer.WaitUntilReadyAsync();
        using var producer = new GatewayProducer(kafka.BootstrapServers);
        await producer.ProduceAsync(Topic, samples);
        await Eventually.WaitAsync(() => writer.MetricAsync("mla_writer_held_records{sink=\"vm\"}"), held => held == 20, TimeSpan.FromSeconds(30), held => $"{held} records held");
        Assert.Equal(0, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_written_total", tenant)));

        await writer.DisposeAsync();

        var seen = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(TestSamples.Selector(run)), s => s.Count >= samples.Expected.Count, TimeSpan.FromSeconds(30), s => $"{s.Count} of {samples.Expected.Count} samples after the stop");
        Assert.True(samples.Expected.SetEquals(seen));
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = settings[$"Mla:Writer:Sinks:{WriterSettings.Sink}:GroupId"] }).Build();
        var partitions = Enumerable.Range(0, WriterKafkaFixture.Partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
        foreach (var offset in committed)
        {
            // Every record of the partition is committed; a partition that got none has no commit.
            var end = consumer.QueryWatermarkOffsets(offset.TopicPartition, TimeSpan.FromSeconds(10)).High;
            Assert.Equal(end.Value == 0 ? Offset.Unset : end, offset.Offset);
        }

        Assert.Contains(committed, c => c.Offset.Value > 0);
    }
}

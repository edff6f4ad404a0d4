using Mla.IntegrationTests.Support;
using System.Text;
using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>A record VictoriaMetrics rejects for good goes to the dead-letter topic with the reason; the good ones around it are written.</summary>
[Collection(WriterCollection.Name)]
public sealed class WriterDeadLetterTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Topic = "writer-dlq";

    [Fact]
    public async Task A_rejected_record_is_dead_lettered_with_status_reason_and_origin_and_the_others_are_written()
    {
        const string tenant = "dlq";
        var run = TestSamples.NewRun();
        var good = TestSamples.Create(run, tenant, records: 3, samplesPerRecord: 4);
        var vm = victoria.Server;

        // Three records in one batch (the third fills it), so VictoriaMetrics' 400 is for the merged request.
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(kafka.BootstrapServers, Topic, vm.RemoteWriteUrl,
            ("BatchMaxRecords", "3"), ("BatchMaxWait", "00:00:02"), ("SendEarlyWhenCaughtUp", "false")));
        await writer.WaitUntilReadyAsync();
        using var producer = new GatewayProducer(kafka.BootstrapServers);
        byte[] garbage = [0xff, 0xff, 0xff, 0x0a, 0x0b];

        await producer.ProduceAsync(Topic, tenant, good.Records[0].Protobuf, 4);
        var bad = await producer.ProduceAsync(Topic, tenant, garbage, 1);
        await producer.ProduceAsync(Topic, tenant, good.Records[1].Protobuf, 4);
        await Eventually.WaitAsync(() => writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_dead_lettered_total", tenant)), n => n == 1, TimeSpan.FromSeconds(30), n => $"{n} dead-lettered");
        await producer.ProduceAsync(Topic, tenant, good.Records[2].Protobuf, 4);

        var seen = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(TestSamples.Selector(run)), s => s.Count >= good.Expected.Count, TimeSpan.FromSeconds(30), s => $"{s.Count} of {good.Expected.Count} good samples");
        Assert.True(good.Expected.SetEquals(seen));
        Assert.Equal(3, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_written_total", tenant)));
        Assert.Equal(1, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_dead_lettered_total", tenant)));

        var dead = ReadDeadLetters(kafka.BootstrapServers, IngestionTopics.DeadLetter(Topic));
        var record = Assert.Single(dead);
        Assert.Equal(tenant, Encoding.UTF8.GetString(record.Message.Key));
        Assert.Equal(bad.Message.Value, record.Message.Value);
        Assert.Equal("400", Header(record, IngestionHeaders.DeadLetterStatus));
        Assert.Contains("cannot unmarshal", Header(record, IngestionHeaders.DeadLetterReason), StringComparison.Ordinal);
        Assert.Equal(WriterSettings.Sink, Header(record, IngestionHeaders.DeadLetterSink));
        Assert.Equal(Topic, Header(record, IngestionHeaders.DeadLetterTopic));
        Assert.Equal(bad.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(record, IngestionHeaders.DeadLetterPartition));
        Assert.Equal(bad.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(record, IngestionHeaders.DeadLetterOffset));
        Assert.Equal(tenant, Header(record, IngestionHeaders.Tenant));
        Assert.Equal(IngestionHeaders.RemoteWriteV1Format, Header(record, IngestionHeaders.Format));
    }

    private static List<ConsumeResult<byte[], byte[]>> ReadDeadLetters(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"dlq-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                break;
            }

            records.Add(result);
        }

        Assert.Equal(end, records.Count);
        return records;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}

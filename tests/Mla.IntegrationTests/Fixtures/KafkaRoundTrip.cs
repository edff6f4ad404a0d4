using System.Diagnostics;
using Confluent.Kafka;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>
/// Produces keyed messages with an idempotent acks=all producer and reads them all back through a consumer group.
/// </summary>
internal static class KafkaRoundTrip
{
    public static async Task AssertAsync(string bootstrapServers, string topic, int count = 20)
    {
        var sent = Enumerable.Range(0, count).Select(i => ($"key-{i}", $"value-{i}-{Guid.NewGuid():N}")).ToList();
        var producerConfig = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = 30_000,
        };
        using (var producer = new ProducerBuilder<string, string>(producerConfig).Build())
        {
            foreach (var (key, value) in sent)
            {
                var result = await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value });
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
            }
        }

        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"fixture-check-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            SessionTimeoutMs = 6000,
        };
        var received = new List<(string, string)>();
        using var consumer = new ConsumerBuilder<string, string>(consumerConfig).Build();
        consumer.Subscribe(topic);
        var clock = Stopwatch.StartNew();
        while (received.Count < count && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (record is { IsPartitionEOF: false })
            {
                received.Add((record.Message.Key, record.Message.Value));
                consumer.Commit(record);
            }
        }

        consumer.Close();
        Assert.Equal(sent.OrderBy(m => m.Item1), received.OrderBy(m => m.Item1));
    }
}

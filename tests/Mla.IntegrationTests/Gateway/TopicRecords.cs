using System.Diagnostics;
using Confluent.Kafka;

namespace Mla.IntegrationTests.Gateway;

/// <summary>Reads a topic from the beginning, every partition to its end, until the records read satisfy a condition.</summary>
internal static class TopicRecords
{
    public static Task<List<ConsumeResult<string, byte[]>>> ReadAsync(
        string bootstrapServers, string topic, Func<IReadOnlyList<ConsumeResult<string, byte[]>>, bool> done, TimeSpan timeout) =>
        Task.Run(() =>
        {
            int partitions;
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
            {
                partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
            }

            using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = $"gateway-tests-{Guid.NewGuid():N}",
                EnableAutoCommit = false,
                EnablePartitionEof = true,
            }).Build();
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var records = new List<ConsumeResult<string, byte[]>>();
            var atEnd = new HashSet<int>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (record is null)
                {
                    continue;
                }

                if (record.IsPartitionEOF)
                {
                    atEnd.Add(record.Partition.Value);
                }
                else
                {
                    records.Add(record);
                    atEnd.Remove(record.Partition.Value);
                }

                if (atEnd.Count == partitions && done(records))
                {
                    return records;
                }
            }

            throw new TimeoutException($"topic {topic}: condition not met within {timeout.TotalSeconds:0} s; {records.Count} records read, {atEnd.Count} of {partitions} partitions at their end");
        });

    /// <summary>Every record up to (and including) the one carrying <paramref name="metric"/>, and every partition to its end.</summary>
    public static Task<List<ConsumeResult<string, byte[]>>> ReadThroughAsync(string bootstrapServers, string topic, string metric) =>
        ReadAsync(bootstrapServers, topic, records => records.Any(r => Bodies.MetricNames(r.Message.Value).Contains(metric)), TimeSpan.FromSeconds(60));

    public static bool Carries(this IEnumerable<ConsumeResult<string, byte[]>> records, string metric) =>
        records.Any(r => Bodies.MetricNames(r.Message.Value).Contains(metric));
}

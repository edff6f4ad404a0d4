using Confluent.Kafka;

namespace Mla.Benchmarks.Load;

/// <summary>How many records a topic received: the sum of its partitions' high watermarks (the broker's own count).</summary>
internal static class KafkaWatermarks
{
    public static long Sum(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "mla-bench-watermarks", // never joined: no subscribe, watermarks only
        }).SetLogHandler((_, _) => { }).Build();
        return Enumerable.Range(0, partitions)
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }
}

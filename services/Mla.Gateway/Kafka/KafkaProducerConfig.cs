using Confluent.Kafka;

namespace Mla.Gateway.Kafka;

/// <summary>The producer settings: idempotent, acks=all, a small linger, a message timeout equal to the request's deadline.</summary>
internal static class KafkaProducerConfig
{
    public static ProducerConfig Create(GatewayKafkaOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Properties))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = "mla-gateway",
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = options.LingerMs,
            CompressionType = options.Compression == KafkaCompression.Lz4 ? CompressionType.Lz4 : CompressionType.None,
            // librdkafka fails an unacknowledged record only after message.timeout.ms (default 5 min): set to the deadline, it
            // gives up when the request has had its answer (503), not writing it long after the client was told to retry.
            MessageTimeoutMs = (int)options.ProduceDeadline.TotalMilliseconds,
            RequestTimeoutMs = (int)Math.Min(30_000, options.ProduceDeadline.TotalMilliseconds),
            MessageMaxBytes = Math.Max(1_000_000, options.MaxRecordBytes + (64 * 1024)),
            DeliveryReportFields = "status",
        };
        return config;
    }
}

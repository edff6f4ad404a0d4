using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Mla.Writer.Configuration;

namespace Mla.Writer.Consuming;

/// <summary>Builds a sink's consumer: its own group, manual commits only, cooperative rebalances.</summary>
internal static class SinkConsumerFactory
{
    public static IConsumer<byte[]?, byte[]?> Build(
        string sink,
        SinkOptions options,
        WriterOptions writer,
        KafkaErrors errors,
        PartitionRebalance rebalance,
        ILogger logger)
    {
        var sessionMs = (int)writer.Kafka.SessionTimeout.TotalMilliseconds;
        var config = new ConsumerConfig(new Dictionary<string, string>(writer.Kafka.Properties))
        {
            BootstrapServers = writer.Kafka.BootstrapServers,
            GroupId = options.EffectiveGroupId(sink),
            ClientId = $"mla-writer-{sink}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            AutoOffsetReset = writer.Kafka.AutoOffsetReset,
            SessionTimeoutMs = sessionMs,
            HeartbeatIntervalMs = Math.Max(100, sessionMs / 3),
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,

            // The loop polls all along (requests run on their own threads), so only a stuck loop could exceed this.
            MaxPollIntervalMs = (int)Math.Max(300_000, (options.Timeout.TotalMilliseconds * 2) + 60_000),
        };
        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, error) => errors.OnError(error))
            .SetLogHandler((_, message) => KafkaLog.Write(logger, message, errorHandlerLogsFailures: true))
            .SetPartitionsAssignedHandler((_, partitions) => rebalance.OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => rebalance.OnRevoked(partitions.Select(p => p.TopicPartition), commit: true))
            .SetPartitionsLostHandler((_, partitions) => rebalance.OnRevoked(partitions.Select(p => p.TopicPartition), commit: false))
            .Build();
    }
}

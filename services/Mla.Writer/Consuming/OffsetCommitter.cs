using Confluent.Kafka;
using Mla.Writer.Metrics;

namespace Mla.Writer.Consuming;

/// <summary>Commits each partition up to its lowest offset still held (<see cref="PartitionProgress.Committable"/>), when that moved.</summary>
internal sealed class OffsetCommitter(string sink, OffsetTracker offsets, SinkConsumerStatus status, WriterMetrics metrics, ILogger logger)
{
    public void Commit(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<PartitionProgress>? only = null)
    {
        var partitions = only ?? offsets.Partitions.ToList();
        var toCommit = offsets.ToCommit(partitions);
        if (toCommit.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(toCommit);
            OffsetTracker.MarkCommitted(partitions, toCommit);
            metrics.Commits.WithLabels(sink, "ok").Inc();
            status.BrokersAnswered();
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // The offsets stay ahead of the last commit: the next commit carries them.
            metrics.Commits.WithLabels(sink, "failed").Inc();
            logger.LogWarning("Sink {Sink}: committing {Offsets} failed: {Reason}", sink, string.Join(", ", toCommit), ex.Error.Reason);
        }
    }
}

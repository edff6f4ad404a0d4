using Confluent.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Metrics;
using Mla.Writer.TenantRetry;

namespace Mla.Writer.Consuming;

/// <summary>
/// The consumer's rebalance callbacks: a new assignment starts fresh progress; a revoked partition is committed as
/// far as its records were written, and whatever is still held of it is dropped (the next owner reads it again from
/// the last commit); a lost one is dropped without a commit.
/// </summary>
internal sealed class PartitionRebalance(
    string sink,
    OffsetTracker offsets,
    OffsetCommitter committer,
    TenantBatcher batcher,
    TenantRetryState retryState,
    UnreadableRecords unreadable,
    PartitionPauses pauses,
    ConsumerLagReporter lag,
    SinkConsumerStatus status,
    WriterMetrics metrics,
    ILogger logger)
{
    private IConsumer<byte[]?, byte[]?>? _consumer;

    public void Attach(IConsumer<byte[]?, byte[]?> consumer) => _consumer = consumer;

    public void OnAssigned(List<TopicPartition> partitions)
    {
        offsets.Assigned(partitions);
        pauses.AssignmentChanged();
        Count();
        logger.LogInformation("Sink {Sink}: assigned {Partitions} (now {Count} partitions)", sink, Describe(partitions), offsets.Count);
        lag.ReportSoon();
    }

    public void OnRevoked(IEnumerable<TopicPartition> partitions, bool commit)
    {
        var set = partitions.ToHashSet();
        var known = offsets.Partitions.Where(p => set.Contains(p.Partition)).ToList();
        if (commit && known.Count > 0 && _consumer is { } consumer)
        {
            committer.Commit(consumer, known);
        }

        var revoked = offsets.Revoke(set);
        var dropped = batcher.RemoveWhere(r => Revoked(r, set)) + retryState.RemoveWhere(r => set.Contains(r.Position.TopicPartition));
        unreadable.Revoke(set);
        pauses.Forget(set);
        foreach (var progress in revoked)
        {
            lag.Forget(progress);
        }

        Count();
        logger.LogInformation(
            "Sink {Sink}: {How} {Partitions}; {Dropped} held records dropped (the next owner reads them again from the last commit)",
            sink, commit ? "revoked" : "lost", Describe(set), dropped);
    }

    private bool Revoked(HeldRecord record, HashSet<TopicPartition> partitions)
    {
        if (!partitions.Contains(record.Position.TopicPartition))
        {
            return false;
        }

        retryState.Release(record);
        return true;
    }

    private void Count()
    {
        status.Assigned(offsets.Count);
        metrics.AssignedPartitions.WithLabels(sink).Set(offsets.Count);
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value).Select(p => $"{p.Topic}[{p.Partition.Value}]"));
}

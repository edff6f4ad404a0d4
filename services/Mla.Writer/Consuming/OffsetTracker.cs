using Confluent.Kafka;

namespace Mla.Writer.Consuming;

/// <summary>The progress of every partition assigned to one consume loop. Used from the loop's thread only.</summary>
public sealed class OffsetTracker
{
    private readonly Dictionary<TopicPartition, PartitionProgress> _partitions = [];

    public int Count => _partitions.Count;

    public IEnumerable<PartitionProgress> Partitions => _partitions.Values;

    /// <summary>The progress of a partition, started fresh when it was not known (a new assignment).</summary>
    public PartitionProgress For(TopicPartition partition)
    {
        if (!_partitions.TryGetValue(partition, out var progress))
        {
            progress = new PartitionProgress(partition);
            _partitions[partition] = progress;
        }

        return progress;
    }

    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_partitions.Remove(partition, out var old))
            {
                old.Revoked = true;
            }

            _partitions[partition] = new PartitionProgress(partition);
        }
    }

    /// <summary>Forgets revoked or lost partitions; returns what was known of them.</summary>
    public IReadOnlyList<PartitionProgress> Revoke(IEnumerable<TopicPartition> partitions)
    {
        var revoked = new List<PartitionProgress>();
        foreach (var partition in partitions)
        {
            if (_partitions.Remove(partition, out var progress))
            {
                progress.Revoked = true;
                revoked.Add(progress);
            }
        }

        return revoked;
    }

    /// <summary>The offsets that moved past the last commit (optionally only of <paramref name="only"/>).</summary>
    public IReadOnlyList<TopicPartitionOffset> ToCommit(IEnumerable<PartitionProgress>? only = null)
    {
        var result = new List<TopicPartitionOffset>();
        foreach (var progress in only ?? _partitions.Values)
        {
            if (progress.Committable is { } offset && offset > progress.Committed)
            {
                result.Add(new TopicPartitionOffset(progress.Partition, offset));
            }
        }

        return result;
    }

    public static void MarkCommitted(IEnumerable<PartitionProgress> partitions, IEnumerable<TopicPartitionOffset> offsets)
    {
        var byPartition = offsets.ToDictionary(o => o.TopicPartition, o => o.Offset.Value);
        foreach (var progress in partitions)
        {
            if (byPartition.TryGetValue(progress.Partition, out var offset))
            {
                progress.Committed = Math.Max(progress.Committed, offset);
            }
        }
    }
}

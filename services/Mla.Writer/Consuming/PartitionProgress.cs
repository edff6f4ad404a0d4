using Confluent.Kafka;

namespace Mla.Writer.Consuming;

/// <summary>
/// One assigned partition's progress: the offsets consumed but not yet written (or dead-lettered). The offset
/// that may be committed is the lowest such offset, or the next one after the last consumed when none is left,
/// so a commit never passes a record the sink has not accepted.
/// </summary>
public sealed class PartitionProgress(TopicPartition partition)
{
    private readonly SortedSet<long> _pending = [];

    public TopicPartition Partition { get; } = partition;

    /// <summary>The offset after the last consumed record; -1 before the first.</summary>
    public long Next { get; private set; } = -1;

    /// <summary>The last offset committed for this assignment; -1 before the first commit.</summary>
    public long Committed { get; set; } = -1;

    /// <summary>Set when the partition was revoked or lost: late completions no longer matter.</summary>
    public bool Revoked { get; set; }

    public int PendingCount => _pending.Count;

    public void Consumed(long offset)
    {
        _pending.Add(offset);
        Next = Math.Max(Next, offset + 1);
    }

    public void Done(long offset) => _pending.Remove(offset);

    /// <summary>The offset to commit now (the next record to read after a restart), or null before the first record.</summary>
    public long? Committable => Next < 0 ? null : _pending.Count > 0 ? _pending.Min : Next;
}

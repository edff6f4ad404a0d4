using Confluent.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;

namespace Mla.Writer.Consuming;

/// <summary>
/// Records that are not a remote-write body at all (no tenant, another format, not snappy) go to the dead-letter
/// topic with status 0, in order; a failed produce is tried again after a back-off, without blocking the loop.
/// </summary>
internal sealed class UnreadableRecords(string sink, IDeadLetterWriter deadLetters, Backoff backoff, WriterMetrics metrics, TimeProvider time, ILogger logger)
{
    private readonly Queue<(ConsumeResult<byte[]?, byte[]?> Record, PartitionProgress Progress, string Reason)> _queue = new();
    private int _failures;
    private long _retryFrom;
    private TimeSpan _retryAfter;

    public int Count => _queue.Count;

    public void Add(ConsumeResult<byte[]?, byte[]?> record, PartitionProgress progress, string reason) => _queue.Enqueue((record, progress, reason));

    /// <summary>Dead-letters what waits, unless a failed produce's back-off is not over.</summary>
    public void DeadLetterDue()
    {
        if (_queue.Count == 0 || (_failures > 0 && time.GetElapsedTime(_retryFrom) < _retryAfter))
        {
            return;
        }

        while (_queue.TryPeek(out var unreadable))
        {
            var (record, progress, reason) = unreadable;
            try
            {
                deadLetters.Write(record, sink, 0, reason);
            }
            catch (DeadLetterException ex)
            {
                logger.LogError(ex, "Sink {Sink}: could not dead-letter {Position}; retrying", sink, record.TopicPartitionOffset);
                _retryFrom = time.GetTimestamp();
                _retryAfter = backoff.Next(_failures++);
                return;
            }

            _queue.Dequeue();
            _failures = 0;
            logger.LogWarning("Sink {Sink}: dead-lettered unreadable record {Position}: {Reason}", sink, record.TopicPartitionOffset, reason);
            metrics.RecordsDeadLettered.WithLabels(sink, RecordReader.TenantOf(record.Message) ?? "unknown").Inc();
            progress.Done(record.Offset.Value);
        }
    }

    /// <summary>Forgets the records of revoked partitions (the next owner reads them again).</summary>
    public void Revoke(IReadOnlySet<TopicPartition> partitions)
    {
        var keep = _queue.Where(u => !partitions.Contains(u.Record.TopicPartition)).ToList();
        _queue.Clear();
        foreach (var item in keep)
        {
            _queue.Enqueue(item);
        }
    }
}

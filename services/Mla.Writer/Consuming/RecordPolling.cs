using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Tenants;
using Mla.Writer.TenantRetry;

namespace Mla.Writer.Consuming;

/// <summary>
/// Reads records and takes each in: a deleted tenant's record is dropped, a retry-topic record meant for another sink
/// is skipped (both count as done), an unreadable one waits for the dead-letter topic, and the rest is held in the
/// retry state and batched per tenant.
/// </summary>
internal sealed class RecordPolling(
    string sink,
    string format,
    string retryTopic,
    OffsetTracker offsets,
    TenantBatcher batcher,
    TenantDispatcher dispatcher,
    UnreadableRecords unreadable,
    DeletedTenantFilter deletedTenants,
    SinkConsumerStatus status,
    KafkaErrors errors)
{
    /// <summary>At most this many records are taken in per poll, so the loop gets to deliver and commit in between.</summary>
    private const int MaxRecordsPerPoll = 1000;

    /// <summary>Takes in up to <see cref="MaxRecordsPerPoll"/> records; returns true when it stopped because there was nothing more to read now (caught up).</summary>
    public bool Poll(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout)
    {
        for (var taken = 0; taken < MaxRecordsPerPoll; taken++)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(taken == 0 ? timeout : TimeSpan.Zero);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // E.g. the topic does not exist (yet): librdkafka keeps trying.
                errors.Log(ex.Error);
                return false;
            }

            if (result is null || result.IsPartitionEOF)
            {
                return true;
            }

            status.BrokersAnswered();
            Take(result);
        }

        return false;
    }

    private void Take(ConsumeResult<byte[]?, byte[]?> result)
    {
        var progress = offsets.For(result.TopicPartition);
        var offset = result.Offset.Value;
        progress.Consumed(offset);
        if (result.Topic == retryTopic && RecordReader.Header(result.Message, IngestionHeaders.RetrySink) is { } owner && owner != sink)
        {
            // Moved there by another sink's loop: that sink writes it.
            progress.Done(offset);
        }
        else if (RecordReader.TenantOf(result.Message) is { } tenant && deletedTenants.TryDrop(sink, tenant, result.Message.Timestamp))
        {
            // Not written, and its offset counts as done: committed like a written record's.
            progress.Done(offset);
        }
        else if (RecordReader.TryRead(result, () => progress.Done(offset), out var record, out var error, format))
        {
            dispatcher.State.Hold(record!);
            dispatcher.Enqueue(batcher.Add(record!));
        }
        else
        {
            unreadable.Add(result, progress, error);
        }
    }
}

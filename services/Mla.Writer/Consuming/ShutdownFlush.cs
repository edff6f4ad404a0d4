using Confluent.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.TenantRetry;

namespace Mla.Writer.Consuming;

/// <summary>
/// On a graceful stop: every batch goes out now, and the loop waits (within <c>ShutdownTimeout</c>) for the sink's
/// answers, retrying refused tenants on their back-off; then what is left is abandoned (uncommitted, read again by
/// the next owner) and the written offsets are committed.
/// </summary>
internal sealed class ShutdownFlush(
    string sink,
    TimeSpan timeout,
    TenantBatcher batcher,
    TenantDispatcher dispatcher,
    UnreadableRecords unreadable,
    OffsetCommitter committer,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    public void Flush(IConsumer<byte[]?, byte[]?> consumer, Func<int> pending)
    {
        var held = pending();
        var started = time.GetTimestamp();
        dispatcher.Enqueue(batcher.TakeAll());
        try
        {
            while (dispatcher.State.HeldRecords > 0 || unreadable.Count > 0)
            {
                var left = timeout - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    logger.LogWarning(
                        "Sink {Sink}: could not write everything held within {Timeout} s of shutdown; the rest stays uncommitted and is read again on the next start",
                        sink, timeout.TotalSeconds);
                    break;
                }

                unreadable.DeadLetterDue();
                if (!dispatcher.Pump())
                {
                    dispatcher.WaitForFinished(left < Step ? left : Step);
                }
            }
        }
        catch (KafkaException ex)
        {
            logger.LogError(ex, "Sink {Sink}: Kafka failed while flushing on shutdown", sink);
        }

        dispatcher.Abort();
        committer.Commit(consumer);
        logger.LogInformation("Sink {Sink}: stopping; {Done} of {Held} records held at shutdown were written or dead-lettered", sink, held - pending(), held);
    }
}

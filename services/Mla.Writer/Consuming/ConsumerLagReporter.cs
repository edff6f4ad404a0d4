using System.Globalization;
using Confluent.Kafka;
using Mla.Writer.Metrics;

namespace Mla.Writer.Consuming;

/// <summary>
/// Sets <c>mla_writer_consumer_lag</c> per assigned partition every <c>LagInterval</c> (at once after an assignment).
/// The watermark look-ups are broker round trips (up to seconds each), so they run off the loop's thread, one report
/// at a time, on a snapshot of the partitions; the loop waits for a running report before it closes the consumer.
/// </summary>
internal sealed class ConsumerLagReporter(string sink, TimeSpan interval, OffsetTracker offsets, SinkConsumerStatus status, WriterMetrics metrics, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(2);

    private long _lastReport;
    private Task _running = Task.CompletedTask;

    /// <summary>The next call reports (the assignment changed).</summary>
    public void ReportSoon() => _lastReport = 0;

    public void Forget(PartitionProgress progress) =>
        metrics.ConsumerLag.RemoveLabelled(sink, progress.Partition.Topic, progress.Partition.Partition.Value.ToString(CultureInfo.InvariantCulture));

    public void ReportIfDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (!_running.IsCompleted || (_lastReport != 0 && time.GetElapsedTime(_lastReport) < interval))
        {
            return;
        }

        _lastReport = time.GetTimestamp();
        var partitions = offsets.Partitions.Select(p => (p.Partition, p.Committed)).ToList();
        _running = Task.Run(() => Report(consumer, partitions));
    }

    /// <summary>Waits for a report still running (before the consumer is closed).</summary>
    public void Stop() => _running.Wait(WatermarkTimeout * 4);

    private void Report(IConsumer<byte[]?, byte[]?> consumer, List<(TopicPartition Partition, long Committed)> partitions)
    {
        foreach (var (partition, committed) in partitions)
        {
            try
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, WatermarkTimeout);
                status.BrokersAnswered();
                var position = consumer.Position(partition);
                var from = position != Offset.Unset ? position.Value
                    : committed >= 0 ? committed
                    : watermarks.Low.Value;
                metrics.ConsumerLag
                    .WithLabels(sink, partition.Topic, partition.Partition.Value.ToString(CultureInfo.InvariantCulture))
                    .Set(Math.Max(0, watermarks.High.Value - from));
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                logger.LogDebug("Sink {Sink}: no watermarks for {Partition}: {Reason}", sink, partition, ex.Error.Reason);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}

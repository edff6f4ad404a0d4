using System.Globalization;
using Confluent.Kafka;
using Mla.Writer.Metrics;

namespace Mla.Writer.Consuming;

/// <summary>Sets <c>mla_writer_consumer_lag</c> per assigned partition every <c>LagInterval</c> (at once after an assignment).</summary>
internal sealed class ConsumerLagReporter(string sink, TimeSpan interval, OffsetTracker offsets, SinkConsumerStatus status, WriterMetrics metrics, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(2);

    private long _lastReport;

    /// <summary>The next call reports (the assignment changed).</summary>
    public void ReportSoon() => _lastReport = 0;

    public void Forget(PartitionProgress progress) =>
        metrics.ConsumerLag.RemoveLabelled(sink, progress.Partition.Topic, progress.Partition.Partition.Value.ToString(CultureInfo.InvariantCulture));

    public void ReportIfDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_lastReport != 0 && time.GetElapsedTime(_lastReport) < interval)
        {
            return;
        }

        _lastReport = time.GetTimestamp();
        foreach (var progress in offsets.Partitions.ToList())
        {
            try
            {
                var watermarks = consumer.QueryWatermarkOffsets(progress.Partition, WatermarkTimeout);
                status.BrokersAnswered();
                var position = consumer.Position(progress.Partition);
                var from = position != Offset.Unset ? position.Value
                    : progress.Committed >= 0 ? progress.Committed
                    : watermarks.Low.Value;
                metrics.ConsumerLag
                    .WithLabels(sink, progress.Partition.Topic, progress.Partition.Partition.Value.ToString(CultureInfo.InvariantCulture))
                    .Set(Math.Max(0, watermarks.High.Value - from));
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                logger.LogDebug("Sink {Sink}: no watermarks for {Partition}: {Reason}", sink, progress.Partition, ex.Error.Reason);
            }
        }
    }
}

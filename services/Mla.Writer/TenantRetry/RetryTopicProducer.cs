using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Mla.Ingestion.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Sinks;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// Moves records to the retry topic through the <see cref="ForwardingProducer"/>: the original key, value, timestamp and
/// headers plus the <c>mla-retry-*</c> headers (IngestionHeaders): reason, tenant, sink, and the original topic, partition
/// and offset.
/// </summary>
public sealed class RetryTopicProducer(ForwardingProducer producer, IOptions<WriterOptions> options) : IRetryTopicWriter
{
    public string Topic => options.Value.EffectiveRetryTopic;

    public RetryTopicMove Move(IReadOnlyList<HeldRecord> records, string sink, string reason, CancellationToken cancellationToken)
    {
        var sends = records.Select(r => (Record: r, Task: Produce(r, sink, reason, cancellationToken))).ToList();
        var moved = new List<HeldRecord>();
        string? error = null;
        foreach (var (record, task) in sends)
        {
            try
            {
                var result = task.GetAwaiter().GetResult();
                if (result.Status == PersistenceStatus.Persisted)
                {
                    moved.Add(record);
                }
                else
                {
                    error ??= $"the record to {Topic} is {result.Status}";
                }
            }
            catch (ProduceException<byte[]?, byte[]?> ex)
            {
                error ??= $"producing to {Topic} failed: {ex.Error.Reason}";
            }
            catch (KafkaException ex)
            {
                error ??= $"producing to {Topic} failed: {ex.Error.Reason}";
            }
            catch (OperationCanceledException)
            {
                error ??= "cancelled";
            }
        }

        return new RetryTopicMove(moved, error);
    }

    private Task<DeliveryResult<byte[]?, byte[]?>> Produce(HeldRecord record, string sink, string reason, CancellationToken cancellationToken)
    {
        var source = record.Source;
        (string, byte[])[] headers =
        [
            (IngestionHeaders.RetryReason, ReasonText.Bytes(reason)),
            (IngestionHeaders.RetryTenant, ForwardingProducer.Utf8(record.Tenant)),
            (IngestionHeaders.RetrySink, ForwardingProducer.Utf8(sink)),
            (IngestionHeaders.RetryTopic, ForwardingProducer.Utf8(source.Topic)),
            (IngestionHeaders.RetryPartition, ForwardingProducer.Ascii(source.Partition.Value)),
            (IngestionHeaders.RetryOffset, ForwardingProducer.Ascii(source.Offset.Value)),
        ];
        return producer.ForwardAsync(Topic, source, headers, cancellationToken);
    }
}

using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Mla.Ingestion.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Sinks;

namespace Mla.Writer.Delivery;

/// <summary>
/// Writes to the dead-letter topic through the <see cref="ForwardingProducer"/>: the original key, value and
/// headers plus the <c>mla-dlq-*</c> headers (IngestionHeaders).
/// </summary>
public sealed class DeadLetterProducer(ForwardingProducer producer, IOptions<WriterOptions> options) : IDeadLetterWriter
{
    public string Topic => options.Value.EffectiveDeadLetterTopic;

    public void Write(HeldRecord record, string sink, int status, string reason) => Write(record.Source, sink, status, reason);

    public void Write(ConsumeResult<byte[]?, byte[]?> record, string sink, int status, string reason)
    {
        (string, byte[])[] headers =
        [
            (IngestionHeaders.DeadLetterStatus, ForwardingProducer.Ascii(status)),
            (IngestionHeaders.DeadLetterReason, ReasonText.Bytes(reason)),
            (IngestionHeaders.DeadLetterSink, ForwardingProducer.Utf8(sink)),
            (IngestionHeaders.DeadLetterTopic, ForwardingProducer.Utf8(record.Topic)),
            (IngestionHeaders.DeadLetterPartition, ForwardingProducer.Ascii(record.Partition.Value)),
            (IngestionHeaders.DeadLetterOffset, ForwardingProducer.Ascii(record.Offset.Value)),
        ];
        try
        {
            var result = producer.ForwardAsync(Topic, record, headers, CancellationToken.None).GetAwaiter().GetResult();
            if (result.Status != PersistenceStatus.Persisted)
            {
                throw new DeadLetterException($"the dead-letter record to {Topic} is {result.Status}");
            }
        }
        catch (ProduceException<byte[]?, byte[]?> ex)
        {
            throw new DeadLetterException($"producing to {Topic} failed: {ex.Error.Reason}", ex);
        }
        catch (KafkaException ex)
        {
            throw new DeadLetterException($"producing to {Topic} failed: {ex.Error.Reason}", ex);
        }
    }
}

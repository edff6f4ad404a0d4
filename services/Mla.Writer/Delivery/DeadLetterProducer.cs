using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Mla.Ingestion.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Sinks;

namespace Mla.Writer.Delivery;

/// <summary>
/// The process's one producer (idempotent, acks=all), for the dead-letter topic: the original key, value and
/// headers plus the <c>mla-dlq-*</c> headers (IngestionHeaders). Built on first use.
/// </summary>
public sealed class DeadLetterProducer(IOptions<WriterOptions> options) : IDeadLetterWriter, IDisposable
{
    private readonly Lazy<IProducer<byte[]?, byte[]?>> _producer = new(() => Build(options.Value));
    private int _disposed;

    public string Topic => options.Value.EffectiveDeadLetterTopic;

    public void Write(HeldRecord record, string sink, int status, string reason) => Write(record.Source, sink, status, reason);

    public void Write(ConsumeResult<byte[]?, byte[]?> record, string sink, int status, string reason)
    {
        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(IngestionHeaders.DeadLetterStatus, Ascii(status));
        headers.Add(IngestionHeaders.DeadLetterReason, ReasonText.Bytes(reason));
        headers.Add(IngestionHeaders.DeadLetterSink, Encoding.UTF8.GetBytes(sink));
        headers.Add(IngestionHeaders.DeadLetterTopic, Encoding.UTF8.GetBytes(record.Topic));
        headers.Add(IngestionHeaders.DeadLetterPartition, Ascii(record.Partition.Value));
        headers.Add(IngestionHeaders.DeadLetterOffset, Ascii(record.Offset.Value));
        var message = new Message<byte[]?, byte[]?>
        {
            Key = record.Message.Key,
            Value = record.Message.Value,
            Headers = headers,
            Timestamp = record.Message.Timestamp,
        };
        try
        {
            var result = _producer.Value.ProduceAsync(Topic, message).GetAwaiter().GetResult();
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

    /// <summary>Idempotent: the container disposes it once per registration (the class and the interface).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }

    private static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static IProducer<byte[]?, byte[]?> Build(WriterOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Kafka.Properties))
        {
            BootstrapServers = options.Kafka.BootstrapServers,
            ClientId = "mla-writer-dead-letters",
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = 30_000,
        };
        return new ProducerBuilder<byte[]?, byte[]?>(config).Build();
    }
}

using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Mla.Ingestion.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Sinks;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// The process's producer for the retry topic (idempotent, acks=all): the original key, value, timestamp and headers
/// plus the <c>mla-retry-*</c> headers (IngestionHeaders): reason, tenant, sink, and the original topic, partition
/// and offset. Built on first use.
/// </summary>
public sealed class RetryTopicProducer(IOptions<WriterOptions> options) : IRetryTopicWriter, IDisposable
{
    private readonly Lazy<IProducer<byte[]?, byte[]?>> _producer = new(() => Build(options.Value));
    private int _disposed;

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

    /// <summary>Idempotent: the container disposes it once per registration (the class and the interface).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }

    private Task<DeliveryResult<byte[]?, byte[]?>> Produce(HeldRecord record, string sink, string reason, CancellationToken cancellationToken)
    {
        var source = record.Source;
        var headers = new Headers();
        foreach (var header in source.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(IngestionHeaders.RetryReason, ReasonText.Bytes(reason));
        headers.Add(IngestionHeaders.RetryTenant, Encoding.UTF8.GetBytes(record.Tenant));
        headers.Add(IngestionHeaders.RetrySink, Encoding.UTF8.GetBytes(sink));
        headers.Add(IngestionHeaders.RetryTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(IngestionHeaders.RetryPartition, Ascii(source.Partition.Value));
        headers.Add(IngestionHeaders.RetryOffset, Ascii(source.Offset.Value));
        var message = new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Headers = headers,
            Timestamp = source.Message.Timestamp,
        };
        return _producer.Value.ProduceAsync(Topic, message, cancellationToken);
    }

    private static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static IProducer<byte[]?, byte[]?> Build(WriterOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Kafka.Properties))
        {
            BootstrapServers = options.Kafka.BootstrapServers,
            ClientId = "mla-writer-retry-topic",
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = 30_000,
            LingerMs = 5,
        };
        return new ProducerBuilder<byte[]?, byte[]?>(config).Build();
    }
}

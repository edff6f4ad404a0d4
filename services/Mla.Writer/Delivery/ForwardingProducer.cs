using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Mla.Writer.Configuration;

namespace Mla.Writer.Delivery;

/// <summary>
/// The process's one producer for records the writer forwards to another topic (the dead-letter topic, the retry
/// topic): idempotent, acks=all, built on first use. A forwarded record keeps its key, value, timestamp and headers,
/// and gets the headers that say why it was forwarded.
/// </summary>
public sealed class ForwardingProducer(IOptions<WriterOptions> options) : IDisposable
{
    private readonly Lazy<IProducer<byte[]?, byte[]?>> _producer = new(() => Build(options.Value));
    private int _disposed;

    public Task<DeliveryResult<byte[]?, byte[]?>> ForwardAsync(
        string topic, ConsumeResult<byte[]?, byte[]?> source, IEnumerable<(string Key, byte[] Value)> reasons, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        foreach (var header in source.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        foreach (var (key, value) in reasons)
        {
            headers.Add(key, value);
        }

        var message = new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Headers = headers,
            Timestamp = source.Message.Timestamp,
        };
        return _producer.Value.ProduceAsync(topic, message, cancellationToken);
    }

    public static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }

    private static IProducer<byte[]?, byte[]?> Build(WriterOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Kafka.Properties))
        {
            BootstrapServers = options.Kafka.BootstrapServers,
            ClientId = "mla-writer-forwarding",
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = 30_000,
            LingerMs = 5,
        };
        return new ProducerBuilder<byte[]?, byte[]?>(config).Build();
    }
}

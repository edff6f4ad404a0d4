using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Snappier;

namespace Mla.IntegrationTests.Writer;

/// <summary>Produces records as the gateway does: key = tenant, value = snappy block over the WriteRequest, ingestion headers, idempotent acks=all.</summary>
internal sealed class GatewayProducer : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;

    public GatewayProducer(string bootstrapServers) =>
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
        }).Build();

    public async Task<IReadOnlyList<DeliveryResult<byte[], byte[]>>> ProduceAsync(string topic, TestSamples samples, int from = 0, int count = int.MaxValue)
    {
        var records = samples.Records.Skip(from).Take(count).ToList();
        return await Task.WhenAll(records.Select(r => ProduceAsync(topic, samples.Tenant, r.Protobuf, r.Samples)));
    }

    public async Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, string tenant, byte[] protobuf, int samples)
    {
        var result = await _producer.ProduceAsync(topic, new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(tenant),
            Value = Snappy.CompressToArray(protobuf),
            Headers = new Headers
            {
                { IngestionHeaders.Tenant, Encoding.UTF8.GetBytes(tenant) },
                { IngestionHeaders.Format, Encoding.UTF8.GetBytes(IngestionHeaders.RemoteWriteV1Format) },
                { IngestionHeaders.ReceivedAt, Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)) },
                { IngestionHeaders.Samples, Encoding.UTF8.GetBytes(samples.ToString(CultureInfo.InvariantCulture)) },
            },
        });
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
        return result;
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

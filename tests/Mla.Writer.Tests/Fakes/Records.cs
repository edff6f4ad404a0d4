using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Mla.TestSupport.VictoriaMetrics;
using Mla.Writer.Batching;
using Snappier;

namespace Mla.Writer.Tests.Fakes;

/// <summary>Gateway-like records: key = tenant, value = snappy block over a protobuf WriteRequest, ingestion headers.</summary>
internal static class Records
{
    public static ConsumeResult<byte[]?, byte[]?> Consumed(string tenant, long offset, byte[] protobuf, int partition = 0, int samples = 1, string topic = "mla.metrics.v1")
    {
        var headers = new Headers
        {
            { IngestionHeaders.Tenant, Encoding.UTF8.GetBytes(tenant) },
            { IngestionHeaders.Format, Encoding.UTF8.GetBytes(IngestionHeaders.RemoteWriteV1Format) },
            { IngestionHeaders.Samples, Encoding.UTF8.GetBytes(samples.ToString(CultureInfo.InvariantCulture)) },
        };
        return new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset(topic, partition, offset),
            Message = new Message<byte[]?, byte[]?>
            {
                Key = Encoding.UTF8.GetBytes(tenant),
                Value = Snappy.CompressToArray(protobuf),
                Headers = headers,
                Timestamp = new Timestamp(DateTime.UtcNow),
            },
        };
    }

    public static byte[] Protobuf(string name, int series = 1, long timestamp = 1_700_000_000_000) =>
        WriteRequestProtobuf.Encode(Enumerable.Range(0, series).Select(i => new RemoteWriteSeries(
            [new("__name__", name), new("series", i.ToString(CultureInfo.InvariantCulture))],
            [(i, timestamp + i)])));

    public static HeldRecord Held(string tenant, long offset, string name = "m", int partition = 0, Action? onComplete = null, string topic = "mla.metrics.v1", int series = 1)
    {
        var consumed = Consumed(tenant, offset, Protobuf(name, series), partition, topic: topic);
        Assert.True(RecordReader.TryRead(consumed, onComplete, out var record, out var error), error);
        return record!;
    }
}

namespace Mla.Gateway.Kafka;

/// <summary>Record compression. The value is already snappy, so <c>None</c> is the sensible default.</summary>
public enum KafkaCompression
{
    None,
    Lz4,
}

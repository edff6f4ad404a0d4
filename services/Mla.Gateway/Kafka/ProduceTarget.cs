using System.Text;

namespace Mla.Gateway.Kafka;

/// <summary>Where a request's records go and what they hold: the topic and the value of the format header.</summary>
public sealed class ProduceTarget(string topic, string format)
{
    public string Topic { get; } = topic;

    public string Format { get; } = format;

    internal byte[] FormatValue { get; } = Encoding.UTF8.GetBytes(format);
}

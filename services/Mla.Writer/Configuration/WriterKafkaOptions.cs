using System.ComponentModel.DataAnnotations;

namespace Mla.Writer.Configuration;

/// <summary>Section <c>Mla:Writer:Kafka</c>.</summary>
public sealed class WriterKafkaOptions
{
    /// <summary><c>host:port[,host:port…]</c>; required once a sink is enabled.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Consumer group session timeout: how soon a dead writer's partitions move to another replica.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where a new consumer group starts: <c>Earliest</c> (nothing already in the topic is skipped) or <c>Latest</c>.</summary>
    public Confluent.Kafka.AutoOffsetReset AutoOffsetReset { get; set; } = Confluent.Kafka.AutoOffsetReset.Earliest;

    /// <summary>Extra librdkafka properties for every client (e.g. <c>security.protocol</c>, <c>ssl.ca.location</c>).</summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
}

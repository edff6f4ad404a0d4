using System.ComponentModel.DataAnnotations;
using Mla.Ingestion.Kafka;

namespace Mla.Gateway.Kafka;

/// <summary>Section <c>Mla:Gateway:Kafka</c>.</summary>
public sealed class GatewayKafkaOptions : IValidatableObject
{
    /// <summary>librdkafka settings the gateway owns: overriding them would break its guarantees.</summary>
    private static readonly string[] OwnedProperties =
    [
        "bootstrap.servers", "enable.idempotence", "acks", "request.required.acks", "message.timeout.ms",
        "delivery.timeout.ms", "linger.ms", "queue.buffering.max.ms", "compression.type", "compression.codec",
        "message.max.bytes", "delivery.report.fields",
    ];

    [Required]
    public string BootstrapServers { get; set; } = "";

    [Required]
    [RegularExpression("^[a-zA-Z0-9._-]{1,249}$", ErrorMessage = "must be a Kafka topic name ([a-zA-Z0-9._-], at most 249)")]
    public string Topic { get; set; } = IngestionTopics.Metrics;

    /// <summary>The topic of Loki pushes (<c>POST /loki/api/v1/push</c>).</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9._-]{1,249}$", ErrorMessage = "must be a Kafka topic name ([a-zA-Z0-9._-], at most 249)")]
    public string LogsTopic { get; set; } = IngestionTopics.Logs;

    /// <summary>How long a request waits for Kafka's acknowledgement before it gets 503 (also librdkafka's message timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:05:00")]
    public TimeSpan ProduceDeadline { get; set; } = TimeSpan.FromSeconds(5);

    [Range(0, 1000)]
    public int LingerMs { get; set; } = 5;

    public KafkaCompression Compression { get; set; } = KafkaCompression.None;

    /// <summary>Largest record value; a larger body is split at series boundaries into several records.</summary>
    [Range(16 * 1024, 64 * 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 900_000;

    /// <summary>Timeout of the readiness check's metadata request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a readiness result is reused, so that probes do not hammer the brokers.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ReadinessCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Further librdkafka properties (e.g. <c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>).</summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.Equals(Topic, LogsTopic, StringComparison.Ordinal))
        {
            yield return new ValidationResult("the metrics and the logs topic must differ", [nameof(LogsTopic)]);
        }

        foreach (var name in Properties.Keys.Where(k => OwnedProperties.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            yield return new ValidationResult($"'{name}' is set by the gateway itself and cannot be overridden", [$"{nameof(Properties)}:{name}"]);
        }
    }
}

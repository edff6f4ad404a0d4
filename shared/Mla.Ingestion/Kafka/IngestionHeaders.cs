namespace Mla.Ingestion.Kafka;

/// <summary>
/// Headers of every record on the ingestion topics. The value of a <c>mla.metrics.v1</c> record is a Prometheus
/// remote-write 1.0 body (snappy block format over a protobuf <c>WriteRequest</c>) holding only series the gateway
/// accepted, so a writer can forward it to any remote-write receiver as it is, or concatenate several of one tenant.
/// </summary>
public static class IngestionHeaders
{
    /// <summary>Tenant id (UTF-8); equal to the record key.</summary>
    public const string Tenant = "mla-tenant";

    /// <summary>Payload format, e.g. <see cref="RemoteWriteV1Format"/>.</summary>
    public const string Format = "mla-format";

    /// <summary>When the gateway received the data: Unix milliseconds as a decimal string.</summary>
    public const string ReceivedAt = "mla-received-at";

    /// <summary>Number of samples (metrics) or log entries (logs) in the record (decimal string), for counting without decoding.</summary>
    public const string Samples = "mla-samples";

    /// <summary>W3C trace context of the request that produced the record.</summary>
    public const string TraceParent = "traceparent";

    public const string RemoteWriteV1Format = "prometheus.remote-write.v1";

    /// <summary>
    /// The value of a <c>mla.logs.v1</c> record: a Loki <c>PushRequest</c> (protobuf, snappy block) holding only
    /// entries the gateway accepted; <see cref="Samples"/> counts its entries.
    /// </summary>
    public const string LokiPushV1Format = "loki.push.v1";

    /// <summary>Dead-letter headers: the sink's HTTP status, its reason (at most 1 KiB), and where the record came from.</summary>
    public const string DeadLetterStatus = "mla-dlq-status";
    public const string DeadLetterReason = "mla-dlq-reason";
    public const string DeadLetterSink = "mla-dlq-sink";
    public const string DeadLetterTopic = "mla-dlq-topic";
    public const string DeadLetterPartition = "mla-dlq-partition";
    public const string DeadLetterOffset = "mla-dlq-offset";

    /// <summary>Retry-topic headers: why the record was moved, the tenant, the sink that will write it, and where it came from.</summary>
    public const string RetryReason = "mla-retry-reason";
    public const string RetryTenant = "mla-retry-tenant";
    public const string RetrySink = "mla-retry-sink";
    public const string RetryTopic = "mla-retry-topic";
    public const string RetryPartition = "mla-retry-partition";
    public const string RetryOffset = "mla-retry-offset";
}

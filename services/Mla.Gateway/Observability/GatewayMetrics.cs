using Prometheus;

namespace Mla.Gateway.Observability;

/// <summary>The gateway's own series on <c>/metrics</c>. Tenant labels only carry authenticated tenants ("" otherwise).</summary>
public sealed class GatewayMetrics(IMetricFactory factory)
{
    public Gauge TenantTable { get; } = factory.CreateGauge(
        "mla_gateway_tenant_table_tenants",
        "Tenants in the gateway's table, by state: ready (may write) or refused (known, not Ready or disabled).",
        ["state"]);

    public Gauge TrustedSeedAuthorities { get; } = factory.CreateGauge(
        "mla_gateway_trusted_seed_authorities",
        "Seed CAs learnt from the tenant service and trusted for their own tenants' client certificates.");

    public Counter TenantServiceReads { get; } = factory.CreateCounter(
        "mla_gateway_tenant_service_reads_total",
        "Full reads of the tenant list from the tenant service, by outcome (ok, failed); the table in hand stays in use on failure.",
        ["outcome"]);

    public Counter Requests { get; } = factory.CreateCounter(
        "mla_gateway_requests_total",
        "Push requests by tenant and HTTP status.",
        ["tenant", "status"]);

    public Counter RequestsRejected { get; } = factory.CreateCounter(
        "mla_gateway_requests_rejected_total",
        "Push requests answered with an error (or partly rejected: series_rejected), by tenant and reason.",
        ["tenant", "reason"]);

    public Histogram RequestDuration { get; } = factory.CreateHistogram(
        "mla_gateway_request_duration_seconds",
        "Time to answer a push request, until Kafka acknowledged, by HTTP status.",
        ["status"],
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

    public Counter Samples { get; } = factory.CreateCounter(
        "mla_gateway_samples_total",
        "Samples (float samples and native histograms) by tenant and outcome: accepted (acknowledged by Kafka) or rejected.",
        ["tenant", "outcome"]);

    public Counter SamplesRejected { get; } = factory.CreateCounter(
        "mla_gateway_samples_rejected_total",
        "Samples not taken, by tenant and reason (validation, limits, Kafka).",
        ["tenant", "reason"]);

    public Counter Series { get; } = factory.CreateCounter(
        "mla_gateway_series_total",
        "Series by tenant and outcome: accepted or rejected.",
        ["tenant", "outcome"]);

    public Counter ReceivedBytes { get; } = factory.CreateCounter(
        "mla_gateway_received_bytes_total",
        "Compressed request bytes read, by tenant.",
        ["tenant"]);

    public Gauge InFlightBytes { get; } = factory.CreateGauge(
        "mla_gateway_inflight_bytes",
        "Bytes held by requests in progress and by Kafka until acknowledged (limit Mla:Gateway:MaxInFlightBytes).");

    public Counter KafkaRecords { get; } = factory.CreateCounter(
        "mla_gateway_kafka_records_total",
        "Records produced to Kafka by outcome: persisted, failed (error or not acknowledged in time).",
        ["outcome"]);

    public Histogram KafkaProduceDuration { get; } = factory.CreateHistogram(
        "mla_gateway_kafka_produce_duration_seconds",
        "Time until Kafka acknowledged every record of a request.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

    public Counter LogEntries { get; } = factory.CreateCounter(
        "mla_gateway_log_entries_total",
        "Log entries (Loki push) by tenant and outcome: accepted (acknowledged by Kafka) or rejected.",
        ["tenant", "outcome"]);

    public Counter LogEntriesRejected { get; } = factory.CreateCounter(
        "mla_gateway_log_entries_rejected_total",
        "Log entries not taken, by tenant and reason (validation, limits, Kafka).",
        ["tenant", "reason"]);

    public Counter LogBytes { get; } = factory.CreateCounter(
        "mla_gateway_log_bytes_total",
        "UTF-8 bytes of accepted log lines and their structured metadata (what the bytes/s limit counts), by tenant.",
        ["tenant"]);
}

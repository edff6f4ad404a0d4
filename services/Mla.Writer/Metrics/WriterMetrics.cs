using Prometheus;

namespace Mla.Writer.Metrics;

/// <summary>The writer's own series on <c>/metrics</c>.</summary>
public sealed class WriterMetrics(IMetricFactory factory)
{
    public Counter RecordsWritten { get; } = factory.CreateCounter(
        "mla_writer_records_written_total",
        "Records the sink accepted (2xx), by sink and tenant.",
        ["sink", "tenant"]);

    public Counter SamplesWritten { get; } = factory.CreateCounter(
        "mla_writer_samples_written_total",
        "Samples in records the sink accepted, from the records' mla-samples header, by sink and tenant.",
        ["sink", "tenant"]);

    public Counter RecordsRetried { get; } = factory.CreateCounter(
        "mla_writer_records_retried_total",
        "Records sent again after a retryable answer (5xx, 429, timeout, network error), by sink and tenant.",
        ["sink", "tenant"]);

    public Counter RecordsDeadLettered { get; } = factory.CreateCounter(
        "mla_writer_records_dead_lettered_total",
        "Records sent to the dead-letter topic (rejected alone with a 4xx, or not a remote-write body), by sink and tenant.",
        ["sink", "tenant"]);

    public Counter RecordsDropped { get; } = factory.CreateCounter(
        "mla_writer_records_dropped_total",
        "Records not written on purpose, their offsets committed like written ones, by sink, tenant and reason (tenant_deleted: the tenant is deprovisioned, or the record is older than its deletion).",
        ["sink", "tenant", "reason"]);

    public Histogram SinkRequestDuration { get; } = factory.CreateHistogram(
        "mla_writer_sink_request_duration_seconds",
        "Duration of write requests to the sink, by sink and outcome (accepted, retryable, rejected, error).",
        ["sink", "outcome"],
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.002, 2, 14) });

    public Gauge BatchesInFlight { get; } = factory.CreateGauge(
        "mla_writer_batches_in_flight",
        "Batches being sent (including their retries), by sink.",
        ["sink"]);

    public Gauge HeldRecords { get; } = factory.CreateGauge(
        "mla_writer_held_records",
        "Records consumed and not yet written or dead-lettered (batched or being sent), by sink: what a crash would make the next writer read again.",
        ["sink"]);

    public Gauge ConsumerLag { get; } = factory.CreateGauge(
        "mla_writer_consumer_lag",
        "Records behind the end of the partition: high watermark minus the consumer's position, by sink and partition.",
        ["sink", "topic", "partition"]);

    public Gauge AssignedPartitions { get; } = factory.CreateGauge(
        "mla_writer_assigned_partitions",
        "Partitions assigned to this writer's consumer, by sink.",
        ["sink"]);

    public Counter Commits { get; } = factory.CreateCounter(
        "mla_writer_offset_commits_total",
        "Offset commits after the sink accepted, by sink and outcome (ok, failed).",
        ["sink", "outcome"]);

    public Counter ReplayRecordsWritten { get; } = factory.CreateCounter(
        "mla_writer_replay_records_written_total",
        "Records written by replays, by sink and tenant.",
        ["sink", "tenant"]);

    public Gauge TenantHeldRecords { get; } = factory.CreateGauge(
        "mla_writer_tenant_held_records",
        "Records of a tenant consumed and not yet written, dead-lettered or moved to the retry topic, by sink and tenant (tenants holding nothing are left out).",
        ["sink", "tenant"]);

    public Gauge TenantHeldBytes { get; } = factory.CreateGauge(
        "mla_writer_tenant_held_bytes",
        "Memory those records take (value and decompressed protobuf), by sink and tenant; counted against MaxHeldBytesPerTenant and MaxHeldBytes.",
        ["sink", "tenant"]);

    public Gauge StalledTenants { get; } = factory.CreateGauge(
        "mla_writer_stalled_tenants",
        "Tenants whose last write the sink refused with a retryable answer (429, 5xx, no answer): their records are held back and retried, by sink.",
        ["sink"]);

    public Gauge DivertedTenants { get; } = factory.CreateGauge(
        "mla_writer_diverted_tenants",
        "Tenants stalled longer than MaxTenantStall whose records go to the retry topic until the sink takes them again, by sink.",
        ["sink"]);

    public Counter RecordsMovedToRetryTopic { get; } = factory.CreateCounter(
        "mla_writer_records_moved_to_retry_topic_total",
        "Records of a stalled tenant moved to the retry topic (their offsets then committed), by sink and tenant.",
        ["sink", "tenant"]);

    public Gauge ConsumptionPaused { get; } = factory.CreateGauge(
        "mla_writer_consumption_paused",
        "1 while the sink's consumer does not read the metrics topic, by sink and reason (sink_down: no HTTP answer or every tenant refused; memory_budget: MaxHeldBytes or MaxHeldBytesPerTenant reached).",
        ["sink", "reason"]);
}

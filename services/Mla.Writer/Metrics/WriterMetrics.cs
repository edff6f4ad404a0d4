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
}

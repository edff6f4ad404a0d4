using Prometheus;

namespace Mla.Webhooks.Intake;

/// <summary>The webhook receiver's own series on <c>/metrics</c>.</summary>
public sealed class WebhookMetrics(IMetricFactory factory)
{
    public Counter Events { get; } = factory.CreateCounter(
        "mla_webhooks_events_total",
        "KKP events by type and outcome: accepted (published and stored), duplicate (event id seen before), stale (older than the catalog).",
        ["type", "outcome"]);

    public Counter Rejected { get; } = factory.CreateCounter(
        "mla_webhooks_requests_rejected_total",
        "Webhook requests answered with an error, by reason.",
        ["reason"]);

    public Counter ResyncPublished { get; } = factory.CreateCounter(
        "mla_webhooks_resync_published_total",
        "Integration events re-published by resyncs.");

    public Gauge ResyncRunning { get; } = factory.CreateGauge(
        "mla_webhooks_resync_running",
        "Resyncs this replica is running (re-publishing the fleet's desired state).");
}

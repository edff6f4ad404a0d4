using Prometheus;

namespace Mla.Webhooks.KkpWatch;

/// <summary>The watch mode's metrics, per seed and kind.</summary>
public sealed class KkpWatchMetrics(IMetricFactory metrics)
{
    /// <summary>Objects the watch knows now (Secrets: only the ones an Alertmanager names).</summary>
    public Gauge Objects { get; } = metrics.CreateGauge("mla_webhooks_kkp_objects", "Objects of a seed the KKP watch knows, by kind.", ["seed", "kind"]);

    /// <summary>Watch events received (ADDED, MODIFIED, DELETED; bookmarks not counted).</summary>
    public Counter Changes { get; } = metrics.CreateCounter("mla_webhooks_kkp_watch_events_total", "Watch events received from a seed, by kind and type.", ["seed", "kind", "type"]);

    public Counter Published { get; } = metrics.CreateCounter("mla_webhooks_kkp_events_published_total", "Integration events published for changes seen by the KKP watch.", ["seed", "kind"]);

    public Counter Relists { get; } = metrics.CreateCounter("mla_webhooks_kkp_relists_total", "Lists after the start or an expired watch (410).", ["seed", "kind"]);

    public Counter WatchRestarts { get; } = metrics.CreateCounter("mla_webhooks_kkp_watch_restarts_total", "Watches opened again after a broken or ended stream.", ["seed", "kind"]);

    public Counter Errors { get; } = metrics.CreateCounter("mla_webhooks_kkp_errors_total", "Errors of the KKP watch: failed requests, unusable objects, finalizer conflicts.", ["seed", "kind", "reason"]);

    /// <summary>1 once the current run of a seed's loop listed everything and published the differences; 0 before.</summary>
    public Gauge Synced { get; } = metrics.CreateGauge("mla_webhooks_kkp_synced", "1 once a seed's watch listed every kind and caught up with the catalog.", ["seed"]);

    public Counter FinalizerChanges { get; } = metrics.CreateCounter("mla_webhooks_kkp_finalizer_changes_total", "MLA's cluster finalizer added or removed.", ["seed", "change"]);
}

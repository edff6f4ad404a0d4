using Prometheus;

namespace Mla.Rules.Sync;

/// <summary>What the sync did, per backend: writes (files or API calls that changed something), deletes, reloads, failures.</summary>
internal sealed class RulesMetrics(IMetricFactory metrics)
{
    public Counter Writes { get; } = metrics.CreateCounter("mla_rules_writes_total", "Rule groups or configurations written to a backend.", ["backend"]);

    public Counter Deletes { get; } = metrics.CreateCounter("mla_rules_deletes_total", "Rule groups or configurations deleted from a backend.", ["backend"]);

    public Counter Reloads { get; } = metrics.CreateCounter("mla_rules_reloads_total", "Reloads of vmalert or Alertmanager (one per batch of changes).", ["backend"]);

    public Counter Passes { get; } = metrics.CreateCounter("mla_rules_sync_passes_total", "Sync passes, by outcome.", ["outcome"]);

    public Gauge Groups { get; } = metrics.CreateGauge("mla_rules_groups", "Rule groups and Alertmanager configurations by status.", ["status"]);

    /// <summary>Writes plus deletes of every backend: zero growth over an idle resync.</summary>
    public double Changes(string backend) => Writes.WithLabels(backend).Value + Deletes.WithLabels(backend).Value;
}

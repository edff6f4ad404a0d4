using Prometheus;

namespace Mla.Exporters.Rollouts;

/// <summary>The rollouts' series on <c>/metrics</c>.</summary>
public sealed class RolloutMetrics(IMetricFactory factory)
{
    public Gauge Active { get; } = factory.CreateGauge(
        "mla_exporters_rollouts_active",
        "Agent rollouts Running or Paused, by component and state.",
        ["component", "state"]);

    public Gauge Percent { get; } = factory.CreateGauge(
        "mla_exporters_rollout_progress_percent",
        "Progress of each active agent rollout in percent (settled clusters per wave, averaged over the waves).",
        ["rollout", "component"]);

    public Counter Clusters { get; } = factory.CreateCounter(
        "mla_exporters_rollout_clusters_total",
        "Clusters settled by agent rollouts, by component and outcome (succeeded, rendered, failed, rolled_back).",
        ["component", "outcome"]);

    public Counter Waves { get; } = factory.CreateCounter(
        "mla_exporters_rollout_waves_total",
        "Waves of agent rollouts finished, by component and outcome (succeeded, halted, aborted).",
        ["component", "outcome"]);

    public Counter Rollouts { get; } = factory.CreateCounter(
        "mla_exporters_rollouts_finished_total",
        "Agent rollouts finished, by component and state (Completed, Halted, Aborted).",
        ["component", "state"]);
}

namespace Mla.Exporters.Rollouts;

/// <summary>
/// The body of <c>POST /api/v1/agents/rollouts</c>: the component (<c>metrics-agent</c>, <c>log-agent</c>,
/// <c>node-exporter</c>, <c>kube-state-metrics</c> or an image key), the new image (pinned tag or digest), the waves
/// (canaries first), the failures a wave may have (per wave, else <see cref="MaxFailures"/>), the health timeout
/// and the clusters moved at once. <see cref="WaitForHealth"/> <c>false</c>: a moved cluster is done as soon as its new
/// desired state was written (rendered or applied), its agents' health is not observed; required in render mode
/// without a health source, where nothing can report the agents Healthy.
/// </summary>
public sealed record RolloutRequest(
    string? Component,
    string? Image,
    IReadOnlyList<RolloutWaveRequest>? Waves,
    int? MaxFailures = null,
    TimeSpan? HealthTimeout = null,
    int? MaxConcurrency = null,
    bool? WaitForHealth = null);

namespace Mla.Exporters.Rollouts;

/// <summary>
/// The body of <c>POST /api/v1/agents/rollouts</c>: the component (<c>metrics-agent</c>, <c>log-agent</c>,
/// <c>node-exporter</c>, <c>kube-state-metrics</c> or an image key), the new image (pinned tag or digest), the waves
/// (canaries first), the failures a wave may have (per wave, else <see cref="MaxFailures"/>), the health timeout
/// and the clusters moved at once.
/// </summary>
public sealed record RolloutRequest(
    string? Component,
    string? Image,
    IReadOnlyList<RolloutWaveRequest>? Waves,
    int? MaxFailures = null,
    TimeSpan? HealthTimeout = null,
    int? MaxConcurrency = null);

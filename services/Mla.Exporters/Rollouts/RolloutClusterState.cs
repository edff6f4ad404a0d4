namespace Mla.Exporters.Rollouts;

/// <summary>
/// One cluster in a wave: waiting for its turn, moved to the new image and watched (<c>Updating</c>), <c>Healthy</c>
/// on it (<c>Succeeded</c>), not Healthy within the health timeout (<c>Failed</c>), or back on the previous image.
/// A rollout that does not wait for health (<c>waitForHealth: false</c>) settles a cluster as <c>Rendered</c> instead
/// of <c>Succeeded</c>: its new desired state was written, its agents' health was not observed.
/// </summary>
public enum RolloutClusterState
{
    Pending,
    Updating,
    Succeeded,
    Failed,
    RolledBack,
    Rendered,
}

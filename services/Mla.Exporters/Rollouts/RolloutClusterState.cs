namespace Mla.Exporters.Rollouts;

/// <summary>
/// One cluster in a wave: waiting for its turn, moved to the new image and watched (<c>Updating</c>), <c>Healthy</c>
/// on it (<c>Succeeded</c>), not Healthy within the health timeout (<c>Failed</c>), or back on the previous image.
/// </summary>
public enum RolloutClusterState
{
    Pending,
    Updating,
    Succeeded,
    Failed,
    RolledBack,
}

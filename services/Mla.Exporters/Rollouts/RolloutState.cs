namespace Mla.Exporters.Rollouts;

/// <summary>Where a rollout is: <c>Running</c> and <c>Paused</c> hold the component (one at a time); the others are final.</summary>
public enum RolloutState
{
    Running,
    Paused,
    Completed,
    Halted,
    Aborted,
}

namespace Mla.Exporters.Rollouts;

/// <summary>Where a wave is: not reached yet, moving its clusters, done within its failure budget, or halted (rolled back).</summary>
public enum WaveState
{
    Pending,
    Running,
    Succeeded,
    Halted,
    Aborted,
}

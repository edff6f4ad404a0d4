namespace Mla.Exporters.Rollouts;

public enum RolloutChangeOutcome
{
    Changed,
    NotFound,
    Refused,
}

namespace Mla.Contracts.Rules;

/// <summary>Which ruler a rule group belongs to: metrics (Mimir/Cortex/Prometheus) or logs (Loki).</summary>
public enum RuleGroupType
{
    Metrics,
    Logs,
}

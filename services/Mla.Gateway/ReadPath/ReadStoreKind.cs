namespace Mla.Gateway.ReadPath;

/// <summary>What serves a read API behind the gateway, which decides how the tenant scope is forced.</summary>
public enum ReadStoreKind
{
    /// <summary>VictoriaMetrics (single node): <c>extra_label=tenant=&lt;id&gt;</c>, the caller's <c>extra_label</c>/<c>extra_filters</c> removed.</summary>
    VictoriaMetrics,

    /// <summary>Mimir or Cortex (and Loki): <c>X-Scope-OrgID: &lt;id&gt;</c>, the caller's removed.</summary>
    Mimir,

    /// <summary>One Prometheus Alertmanager for every tenant (the vmalert backend): alerts and silences filtered by their <c>tenant</c> label.</summary>
    Alertmanager,
}

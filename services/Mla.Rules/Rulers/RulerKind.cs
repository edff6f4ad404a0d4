namespace Mla.Rules.Rulers;

/// <summary>Which ruler config API a backend speaks (https://grafana.com/docs/mimir/latest/references/http-api/#ruler, https://cortexmetrics.io/docs/api/#ruler, https://grafana.com/docs/loki/latest/reference/loki-http-api/#ruler): the paths differ, the semantics are shared.</summary>
public enum RulerKind
{
    /// <summary>Mimir: <c>/prometheus/config/v1/rules/{namespace}</c>; an empty list is 200 <c>{}</c>.</summary>
    Mimir,

    /// <summary>Cortex (what KKP uses): <c>/api/v1/rules/{namespace}</c>; an empty list is 404.</summary>
    Cortex,

    /// <summary>Loki: <c>/loki/api/v1/rules/{namespace}</c>; LogQL expressions.</summary>
    Loki,
}

namespace Mla.Writer.Sinks;

/// <summary>How a write is scoped to its tenant at the sink.</summary>
public enum TenantPlacement
{
    /// <summary>A header, <c>X-Scope-OrgID: &lt;id&gt;</c> by default (Mimir, Cortex, Thanos Receive).</summary>
    Header,

    /// <summary><c>?extra_label=tenant=&lt;id&gt;</c> (VictoriaMetrics single node, vmagent, vminsert).</summary>
    ExtraLabel,

    /// <summary><c>{tenant}</c> in the URL (VictoriaMetrics cluster: <c>/insert/{tenant}/prometheus/api/v1/write</c>).</summary>
    UrlTemplate,
}

namespace Mla.Tenants.Purge;

/// <summary>The deletion APIs a tenant's data can be purged through (<c>Mla:Tenants:Purge:Stores:&lt;name&gt;:Kind</c>).</summary>
public static class PurgeStoreKinds
{
    /// <summary>VictoriaMetrics single node; a tenant's series carry the label <c>TenantLabel=&lt;id&gt;</c>.</summary>
    public const string VictoriaMetrics = "victoriametrics";

    /// <summary>Grafana Mimir's compactor tenant deletion API.</summary>
    public const string Mimir = "mimir";

    /// <summary>Cortex (blocks storage): the purger's tenant deletion API.</summary>
    public const string Cortex = "cortex";

    /// <summary>Grafana Loki's compactor log deletion API.</summary>
    public const string Loki = "loki";

    /// <summary>The writer's file log store (sink type <c>file</c>): a tenant's lines under <c>&lt;Directory&gt;/&lt;tenant&gt;/</c>.</summary>
    public const string Files = "files";

    public static IReadOnlyList<string> All { get; } = [VictoriaMetrics, Mimir, Cortex, Loki, Files];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);

    /// <summary>What a store of this kind holds: <c>logs</c> for Loki and the file store, <c>metrics</c> otherwise.</summary>
    public static string SignalOf(string kind) => kind is Loki or Files ? "logs" : "metrics";
}

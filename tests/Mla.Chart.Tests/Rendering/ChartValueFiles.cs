using System.Collections.Concurrent;

namespace Mla.Chart.Tests.Rendering;

/// <summary>
/// The documented set of value files in charts/mla/ci/ (helm's and chart-testing's convention), each rendered once
/// per test run.
/// </summary>
public static class ChartValueFiles
{
    /// <summary>Only the values the chart requires.</summary>
    public const string Minimal = "minimal-values.yaml";

    /// <summary>Every service and every optional part on, ServiceMonitors included.</summary>
    public const string EverythingOn = "everything-on-values.yaml";

    public const string WebhooksOff = "webhooks-off-values.yaml";

    public const string GatewayOff = "gateway-off-values.yaml";

    public const string WriterOff = "writer-off-values.yaml";

    public const string TenantsOff = "tenants-off-values.yaml";

    public const string RulesOff = "rules-off-values.yaml";

    public const string ExportersOff = "exporters-off-values.yaml";

    public const string GrafanaOff = "grafana-off-values.yaml";

    /// <summary>Passwords and the PostgreSQL connection strings from an existing Secret.</summary>
    public const string ExistingSecret = "existing-secret-values.yaml";

    /// <summary>The in-memory bus: no RabbitMQ settings at all.</summary>
    public const string InMemoryBus = "in-memory-bus-values.yaml";

    /// <summary>The KKP watch mode (docs/kkp-watch.md) on two seeds: their kubeconfig Secrets mounted, the RBAC it needs.</summary>
    public const string KkpWatch = "kkp-watch-values.yaml";

    public static readonly IReadOnlyList<string> All =
        [Minimal, EverythingOn, WebhooksOff, GatewayOff, WriterOff, TenantsOff, RulesOff, ExportersOff, GrafanaOff, ExistingSecret, InMemoryBus, KkpWatch];

    /// <summary>Each value file with the service it switches off.</summary>
    public static readonly IReadOnlyDictionary<string, string> ServiceOff = new Dictionary<string, string>
    {
        [WebhooksOff] = "webhooks",
        [GatewayOff] = "gateway",
        [WriterOff] = "writer",
        [TenantsOff] = "tenants",
        [RulesOff] = "rules",
        [ExportersOff] = "exporters",
        [GrafanaOff] = "grafana",
    };

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> Rendered = new();

    public static TheoryData<string> AllFiles => [.. All];

    public static TheoryData<string> ServiceOffFiles => [.. ServiceOff.Keys];

    /// <summary>What <c>helm template</c> renders for <paramref name="valuesFile"/>, rendered once per run.</summary>
    public static Task<RenderedChart> RenderAsync(string valuesFile) =>
        Rendered.GetOrAdd(valuesFile, file => new Lazy<Task<RenderedChart>>(() => Tools.Helm.RenderAsync(file))).Value;
}

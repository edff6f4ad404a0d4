using Prometheus;

namespace Mla.Grafana.Hosting;

/// <summary>What the Grafana sync does, on <c>/metrics</c>.</summary>
internal sealed class GrafanaMetrics(IMetricFactory metrics)
{
    public Histogram SyncDuration { get; } = metrics.CreateHistogram(
        "mla_grafana_sync_duration_seconds",
        "Duration of a Grafana sync run, by outcome (ok, unavailable, rejected: a refusal outside any one project stopped the run).",
        new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.05, 2, 14) });

    public Counter Writes { get; } = metrics.CreateCounter(
        "mla_grafana_writes_total", "Writes to the Grafana API, by kind (org, user, org_user, admin_permission, datasource, dashboard, other).", ["kind"]);

    public Counter Errors { get; } = metrics.CreateCounter(
        "mla_grafana_sync_errors_total", "Sync errors: unavailable (a run stopped, retried after a back-off) and rejected (a project Grafana refused in a run, or a refusal outside any project that stopped the run).", ["reason"]);

    public Gauge OrgsManaged { get; } = metrics.CreateGauge("mla_grafana_orgs_managed", "Project orgs MLA keeps in Grafana (the admin org not counted).");

    public Gauge DatasourcesManaged { get; } = metrics.CreateGauge("mla_grafana_datasources_managed", "Datasources MLA keeps in Grafana (project orgs and the admin org).");

    public Gauge WaitingForFirstLogin { get; } = metrics.CreateGauge("mla_grafana_users_waiting_for_first_login", "Members Grafana does not know yet (auth-proxy mode).");

    public Counter FirstLoginWakes { get; } = metrics.CreateCounter(
        "mla_grafana_first_login_wakes_total", "Sync runs the first-login watch asked for: Grafana's user count changed while members waited for their first login.");

    public Gauge LastSuccess { get; } = metrics.CreateGauge("mla_grafana_last_success_timestamp_seconds", "Unix time of the last successful sync run.");

    /// <summary>The kind of a write from its API path.</summary>
    public static string KindOf(string path) => path switch
    {
        _ when path.StartsWith("api/orgs/", StringComparison.Ordinal) && path.Contains("/users", StringComparison.Ordinal) => "org_user",
        _ when path.StartsWith("api/orgs", StringComparison.Ordinal) => "org",
        _ when path.StartsWith("api/admin/users/", StringComparison.Ordinal) && path.EndsWith("/permissions", StringComparison.Ordinal) => "admin_permission",
        _ when path.StartsWith("api/admin/users", StringComparison.Ordinal) => "user",
        _ when path.StartsWith("api/datasources", StringComparison.Ordinal) => "datasource",
        _ when path.StartsWith("api/dashboards", StringComparison.Ordinal) => "dashboard",
        _ => "other",
    };
}

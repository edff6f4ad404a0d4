using Prometheus;

namespace Mla.Tenants.Purge;

/// <summary>The purge's series on the tenant service's <c>/metrics</c>.</summary>
public sealed class PurgeMetrics(IMetricFactory factory)
{
    public const string Verified = "verified";
    public const string NotVerified = "not_verified";
    public const string Failed = "failed";

    public Counter StorePurges { get; } = factory.CreateCounter(
        "mla_tenants_store_purges_total",
        "Purges of a deprovisioned tenant's data, by store and outcome (verified, not_verified: the store has not confirmed yet, failed: the store did not answer as documented).",
        ["store", "outcome"]);

    public Histogram StorePurgeDuration { get; } = factory.CreateHistogram(
        "mla_tenants_store_purge_duration_seconds",
        "Time of one store's purge including its verification, by store.",
        ["store"],
        new HistogramConfiguration { Buckets = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300] });
}

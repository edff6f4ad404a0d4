using Prometheus;

namespace Mla.Tenants.Reconciliation;

/// <summary>The tenant service's own series on <c>/metrics</c>.</summary>
public sealed class TenantMetrics(IMetricFactory factory)
{
    public Counter Writes { get; } = factory.CreateCounter(
        "mla_tenants_writes_total",
        "Writes to the tenant store (tenant rows, limit overrides, certificates, revocations); an unchanged resync makes none.");

    public Counter CertificatesIssued { get; } = factory.CreateCounter(
        "mla_tenants_certificates_issued_total",
        "Client certificates issued to tenants (first issue and renewals).");

    public Counter CertificatesRevoked { get; } = factory.CreateCounter(
        "mla_tenants_certificates_revoked_total",
        "Client certificates revoked on deprovisioning.");

    public Counter Events { get; } = factory.CreateCounter(
        "mla_tenants_events_total",
        "Events reconciled, by kind (cluster, settings) and outcome (unchanged, changed, stale).",
        ["kind", "outcome"]);
}

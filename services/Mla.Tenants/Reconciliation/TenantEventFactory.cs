using Mla.Contracts.Tenants;
using Mla.Tenants.Store;

namespace Mla.Tenants.Reconciliation;

/// <summary>Tenant events with the full tenant state; the certificate appears by serial and expiry only.</summary>
internal static class TenantEventFactory
{
    public const string Source = "urn:mla:tenants";

    public static TenantState State(TenantRecord tenant, CertificateRecord? certificate) => new(
        tenant.Id,
        tenant.ClusterId,
        tenant.Seed,
        tenant.ProjectId,
        tenant.Status,
        tenant.Limits,
        certificate?.Serial,
        certificate?.NotAfter,
        tenant.StatusChangedAt);

    public static TenantProvisioned Provisioned(TenantRecord tenant, CertificateRecord certificate, DateTimeOffset now) =>
        new(NewId(), Source, now, State(tenant, certificate));

    public static TenantLimitsChanged LimitsChanged(TenantRecord tenant, CertificateRecord? certificate, DateTimeOffset now) =>
        new(NewId(), Source, now, State(tenant, certificate));

    public static TenantDeprovisioned Deprovisioned(TenantRecord tenant, CertificateRecord? certificate, DateTimeOffset now) =>
        new(NewId(), Source, now, State(tenant, certificate), TenantPurge.Off);

    private static string NewId() => Guid.NewGuid().ToString();
}

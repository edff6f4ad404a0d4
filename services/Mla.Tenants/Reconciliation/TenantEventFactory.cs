using Mla.Contracts.Tenants;
using Mla.Tenants.Store;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// Tenant events with the full tenant state: certificates appear by serial and expiry, the token by its SHA-256 —
/// never a key or a token. Only a Ready tenant has accepted credentials.
/// </summary>
internal static class TenantEventFactory
{
    public const string Source = "urn:mla:tenants";

    /// <summary>The state of a tenant from its record, its certificates (newest first) and its token.</summary>
    public static TenantState State(TenantRecord tenant, IReadOnlyList<CertificateRecord> certificates, TokenRecord? token, DateTimeOffset now)
    {
        var newest = certificates.Count > 0 ? certificates[0] : null;
        var ready = tenant.Status == TenantStatus.Ready;
        return new TenantState(
            tenant.Id,
            tenant.ClusterId,
            tenant.Seed,
            tenant.ProjectId,
            tenant.Status,
            tenant.Limits,
            newest?.Serial,
            newest?.NotAfter,
            tenant.StatusChangedAt)
        {
            AcceptedCertificates = ready
                ? [.. certificates.Where(c => c.RevokedAt is null && c.Seed == tenant.Seed && now < c.NotAfter).Select(c => new TenantCertificate(c.Serial, c.NotAfter))]
                : [],
            TokenSha256 = ready ? token?.Sha256 : null,
            LastDeprovisionedAt = tenant.LastDeprovisionedAt,
        };
    }

    public static TenantProvisioned Provisioned(TenantState state, DateTimeOffset now) => new(NewId(), Source, now, state);

    public static TenantLimitsChanged LimitsChanged(TenantState state, DateTimeOffset now) => new(NewId(), Source, now, state);

    public static TenantCredentialsChanged CredentialsChanged(TenantState state, DateTimeOffset now) => new(NewId(), Source, now, state);

    public static TenantDeprovisioningStarted DeprovisioningStarted(TenantState state, DateTimeOffset now) => new(NewId(), Source, now, state);

    public static TenantDeprovisioned Deprovisioned(TenantState state, TenantPurge purge, DateTimeOffset now) =>
        new(NewId(), Source, now, state, purge);

    private static string NewId() => Guid.NewGuid().ToString();
}

using Mla.Gateway.Limits;

namespace Mla.Gateway.Tenants;

/// <summary>
/// A tenant as the gateway knows it: id (= user cluster id), whether it may write, its token and limits. Tenants
/// from the tenant service also name their <see cref="Seed"/> (a client certificate must chain to that seed's CA)
/// and the serials of the certificates accepted now; tenants from configuration accept any certificate of the
/// configured CAs (both null).
/// </summary>
public sealed record Tenant(string Id, bool Disabled, TokenDigest? Token, TenantLimits Limits)
{
    public string? Seed { get; init; }

    public IReadOnlySet<string>? AcceptedCertificateSerials { get; init; }

    /// <summary>The serial of the tenant's newest certificate: a connection that presents an older one is asked to close after its request.</summary>
    public string? CurrentCertificateSerial { get; init; }

    /// <summary>The tenant's read token (the read path: Grafana reads this tenant only with it); null when it has none or may not read.</summary>
    public TokenDigest? ReadToken { get; init; }

    /// <summary>Why the tenant may not write, for the 403 message (e.g. its status).</summary>
    public string DisabledReason { get; init; } = "disabled";
}

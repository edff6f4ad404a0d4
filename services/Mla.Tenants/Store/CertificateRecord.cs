namespace Mla.Tenants.Store;

/// <summary>One client certificate of a tenant, its private key encrypted at rest; kept after renewal until it expires.</summary>
public sealed record CertificateRecord(
    string Serial,
    string TenantId,
    string Seed,
    string CertificatePem,
    string EncryptedKey,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotAfter,
    DateTimeOffset? RevokedAt)
{
    /// <summary>The generation of the seed's CA that issued it (1 before any rotation).</summary>
    public int AuthorityGeneration { get; init; } = 1;

    /// <summary>Renewal is due at two thirds of the lifetime.</summary>
    public DateTimeOffset RenewAt => IssuedAt + ((NotAfter - IssuedAt) * 2 / 3);
}

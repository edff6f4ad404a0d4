namespace Mla.Tenants.Authorities;

/// <summary>
/// One CA of a seed: its generation (1 for the first, +1 per rotation), its certificate and its private key encrypted
/// at rest (never the plain key). The seed's newest generation issues; the others stay trusted until Retired.
/// </summary>
public sealed record AuthorityRecord(
    string Seed,
    int Generation,
    string CertificatePem,
    string EncryptedKey,
    AuthorityState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt = null)
{
    /// <summary>Trusted by gateways for the seed's tenants (Active or Retiring).</summary>
    public bool Trusted => State != AuthorityState.Retired;
}

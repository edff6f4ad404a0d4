using Mla.Contracts.Tenants;
using Mla.Tenants.Authorities;

namespace Mla.Tenants.Api;

/// <summary>One CA of a seed as the API lists it: generation, state, thumbprint, validity, and the PEM certificate (never the key).</summary>
internal sealed record SeedAuthorityView(
    int Generation,
    AuthorityState State,
    bool Trusted,
    string Thumbprint,
    DateTimeOffset CreatedAt,
    DateTimeOffset NotAfter,
    DateTimeOffset? RetiredAt,
    string CertificatePem)
{
    public static SeedAuthorityView From(AuthorityRecord record, SeedAuthority described) => new(
        record.Generation, record.State, record.Trusted, described.Thumbprint, record.CreatedAt, described.NotAfter, record.RetiredAt, record.CertificatePem);
}

namespace Mla.Contracts.Tenants;

/// <summary>
/// The CAs trusted for a seed's tenants changed (a rotation added a CA, or retired an old one once no accepted
/// certificate chains to it). Carries the full list, newest first: a gateway trusts exactly these for the seed.
/// </summary>
public sealed record SeedAuthoritiesChanged(
    string EventId, string Source, DateTimeOffset OccurredAt, string Seed, IReadOnlyList<SeedAuthority> Authorities)
    : IIntegrationEvent;

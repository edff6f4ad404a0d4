namespace Mla.Tenants.Client;

/// <summary>One item of <c>GET /api/v1/seeds/read-tokens</c>: a seed's admin read token by its hex SHA-256.</summary>
public sealed record SeedReadTokenDigest(string Seed, string Sha256, DateTimeOffset IssuedAt);

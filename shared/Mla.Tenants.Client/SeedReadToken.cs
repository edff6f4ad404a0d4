namespace Mla.Tenants.Client;

/// <summary>The answer of <c>GET /internal/v1/seeds/{seed}/read-token</c>: the seed's admin read token. Secret: never log it.</summary>
public sealed record SeedReadToken(string Seed, string Token);

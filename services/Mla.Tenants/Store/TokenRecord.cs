namespace Mla.Tenants.Store;

/// <summary>A tenant's bearer token: its hex SHA-256 (what gateways compare) and the token itself, encrypted at rest.</summary>
public sealed record TokenRecord(string TenantId, string Sha256, string EncryptedToken, DateTimeOffset IssuedAt);

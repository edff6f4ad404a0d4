namespace Mla.Tenants.Store;

/// <summary>A seed's CA: its certificate and its private key encrypted at rest (never the plain key).</summary>
public sealed record AuthorityRecord(string Seed, string CertificatePem, string EncryptedKey, DateTimeOffset CreatedAt);

namespace Mla.Contracts.Tenants;

/// <summary>A client certificate of a tenant by serial (hex, as X509Certificate2.SerialNumber prints it) and expiry.</summary>
public sealed record TenantCertificate(string Serial, DateTimeOffset NotAfter);

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Mla.Tenants.Store;

namespace Mla.Tenants.Credentials;

/// <summary>Issues a tenant's client certificate (CN = tenant id, client-auth) from its seed's issuing CA (the newest generation); the key is sealed before it is stored.</summary>
public sealed class CertificateIssuer(SeedAuthorities authorities, KeyEncryption encryption, IOptions<TenantsOptions> options, TimeProvider time)
{
    public static string KeyContext(string serial) => $"certificate:{serial}";

    public async Task<CertificateRecord> IssueAsync(string tenantId, string seed, CancellationToken cancellationToken)
    {
        var (authority, generation) = await authorities.GetActiveAsync(seed, cancellationToken);
        var issuedAt = time.GetUtcNow();
        using var certificate = authority.IssueClient(tenantId, options.Value.CertificateLifetime, time);
        using var key = certificate.GetECDsaPrivateKey()!;
        var der = key.ExportPkcs8PrivateKey();
        try
        {
            var serial = certificate.SerialNumber;
            return new CertificateRecord(
                serial,
                tenantId,
                seed,
                certificate.ExportCertificatePem(),
                encryption.Seal(der, KeyContext(serial)),
                issuedAt,
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                null)
            {
                AuthorityGeneration = generation,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mla.Certificates;

/// <summary>
/// A certificate authority (ECDSA P-256) that issues client certificates (CN = tenant id, client-auth usage) and
/// server certificates. Used for the development CA of the embedded default and by tests; the tenant service keeps
/// one per seed.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public static CertificateAuthority Create(string name, TimeSpan lifetime, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new CertificateAuthority(request.CreateSelfSigned(now.AddMinutes(-5), now + lifetime));
    }

    /// <summary>Loads a CA from PEM files (certificate and its private key).</summary>
    public static CertificateAuthority Load(string certificatePem, string keyPem) =>
        new(X509Certificate2.CreateFromPem(certificatePem, keyPem));

    /// <summary>A client certificate for one tenant: CN = tenant id, client-auth extended key usage.</summary>
    public X509Certificate2 IssueClient(string tenantId, TimeSpan lifetime, TimeProvider? time = null) =>
        Issue($"CN={tenantId}", ClientAuth, lifetime, time, sans: null);

    /// <summary>A server certificate for the given DNS names and IP addresses.</summary>
    public X509Certificate2 IssueServer(string commonName, IEnumerable<string> names, TimeSpan lifetime, TimeProvider? time = null)
    {
        var sans = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (System.Net.IPAddress.TryParse(name, out var address))
            {
                sans.AddIpAddress(address);
            }
            else
            {
                sans.AddDnsName(name);
            }
        }

        return Issue($"CN={commonName}", ServerAuth, lifetime, time, sans);
    }

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, Oid usage, TimeSpan lifetime, TimeProvider? time, SubjectAlternativeNameBuilder? sans)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (sans is not null)
        {
            request.CertificateExtensions.Add(sans.Build());
        }

        var notAfter = now + lifetime;
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mla.TestSupport.Certificates;

/// <summary>
/// A throw-away CA and a client certificate it signed, as real PEM (each ending in a newline): for agents and checks
/// that parse the files they are given, where no tenant service issues them.
/// </summary>
/// <param name="CertificatePem">The client certificate, CN the given name, valid for 12 hours.</param>
/// <param name="PrivateKeyPem">Its PKCS#8 key.</param>
/// <param name="CaPem">The CA that signed it.</param>
public sealed record ThrowAwayClientCertificate(string CertificatePem, string PrivateKeyPem, string CaPem)
{
    public static ThrowAwayClientCertificate Issue(string commonName, string caName = "mla-test-ca")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        using var client = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return new(client.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", ca.ExportCertificatePem() + "\n");
    }
}

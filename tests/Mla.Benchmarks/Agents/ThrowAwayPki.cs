using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mla.Tenants.Client;

namespace Mla.Benchmarks.Agents;

/// <summary>
/// A throw-away CA and client certificate as real PEM, standing in for what the tenant service issues: the rendered
/// configuration names the files (the agents load them at start), while the receiver here is plain HTTP.
/// </summary>
internal static class ThrowAwayPki
{
    public static TenantCredentials Issue(string clusterId)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=mla-bench-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterId}", key, HashAlgorithmName.SHA256);
        using var client = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return new TenantCredentials(client.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", ca.ExportCertificatePem() + "\n", BearerToken: null, GatewayUrl: null);
    }
}

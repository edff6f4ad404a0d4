using System.Security.Cryptography.X509Certificates;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>The tenant service's credentials answer.</summary>
internal sealed record IssuedCredentials(string CertificatePem, string PrivateKeyPem, string CaBundlePem, string? BearerToken, string? GatewayUrl)
{
    /// <summary>The certificate with its key, loaded so that SslStream can present it (PKCS#12 round trip).</summary>
    public X509Certificate2 Certificate()
    {
        using var pem = X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public (string CertFile, string KeyFile) WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var certFile = Path.Combine(directory, "client.crt");
        var keyFile = Path.Combine(directory, "client.key");
        File.WriteAllText(certFile, CertificatePem);
        Mla.Certificates.PemFiles.WriteSecret(keyFile, PrivateKeyPem);
        return (certFile, keyFile);
    }
}

using System.Security.Cryptography.X509Certificates;
using Mla.Tenants.Client;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>What an agent does with the tenant service's credentials answer.</summary>
internal static class TenantCredentialsFiles
{
    /// <summary>The certificate with its key, loaded so that SslStream can present it (PKCS#12 round trip).</summary>
    public static X509Certificate2 Certificate(this TenantCredentials credentials)
    {
        using var pem = X509Certificate2.CreateFromPem(credentials.CertificatePem, credentials.PrivateKeyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public static (string CertFile, string KeyFile) WriteTo(this TenantCredentials credentials, string directory)
    {
        Directory.CreateDirectory(directory);
        var certFile = Path.Combine(directory, "client.crt");
        var keyFile = Path.Combine(directory, "client.key");
        File.WriteAllText(certFile, credentials.CertificatePem);
        Mla.Certificates.PemFiles.WriteSecret(keyFile, credentials.PrivateKeyPem);
        return (certFile, keyFile);
    }
}

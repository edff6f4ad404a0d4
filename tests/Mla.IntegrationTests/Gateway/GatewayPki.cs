using System.Security.Cryptography.X509Certificates;
using Mla.Certificates;

namespace Mla.IntegrationTests.Gateway;

/// <summary>A test CA (Mla.Certificates), the gateway's server certificate and the client CA bundle as PEM files.</summary>
internal sealed class GatewayPki : IDisposable
{
    private readonly CertificateAuthority _ca;
    private readonly CertificateAuthority _foreign;

    private GatewayPki(string directory)
    {
        Directory = directory;
        _ca = CertificateAuthority.Create("mla-gateway-test-ca", TimeSpan.FromDays(1));
        _foreign = CertificateAuthority.Create("not-trusted-ca", TimeSpan.FromDays(1));
        using var server = _ca.IssueServer("mla-gateway", ["127.0.0.1", "localhost"], TimeSpan.FromDays(1));
        (ServerCertificatePath, ServerKeyPath) = PemFiles.Write(server, directory, "server");
        CaBundlePath = Path.Combine(directory, "client-ca.pem");
        File.WriteAllText(CaBundlePath, PemFiles.CertificatePem(_ca.Certificate));
        ServerCaPath = Path.Combine(directory, "server-ca.pem");
        File.WriteAllText(ServerCaPath, PemFiles.CertificatePem(_ca.Certificate));
    }

    public string Directory { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    public string CaBundlePath { get; }

    /// <summary>The CA that signed <see cref="ServerCertificatePath"/> (the test CA also issues clients).</summary>
    public string ServerCaPath { get; }

    public static GatewayPki Create() => new(System.IO.Directory.CreateTempSubdirectory("mla-gateway-pki-").FullName);

    /// <summary>A client certificate for the tenant (CN), with a key TLS can use on any platform.</summary>
    public X509Certificate2 Client(string tenant) => Reload(_ca.IssueClient(tenant, TimeSpan.FromDays(1)));

    /// <summary>A well-formed client certificate from a CA the gateway does not trust.</summary>
    public X509Certificate2 Foreign(string tenant) => Reload(_foreign.IssueClient(tenant, TimeSpan.FromDays(1)));

    /// <summary>The client's check of the gateway's certificate: issued by the test CA, for this address.</summary>
    public bool IsOurServer(X509Certificate? certificate, System.Net.Security.SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _foreign.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static X509Certificate2 Reload(X509Certificate2 issued)
    {
        using (issued)
        {
            return X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}

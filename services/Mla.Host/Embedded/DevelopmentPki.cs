using System.Security.Cryptography.X509Certificates;
using Mla.Certificates;

namespace Mla.Host.Embedded;

/// <summary>
/// The embedded default's development CA and the gateway's server certificate, generated on first run under the
/// state folder. (Client certificates are not made here: the tenant service issues them to each tenant.)
/// </summary>
internal sealed class DevelopmentPki(string directory)
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(90);

    public string CaCertificatePath => Path.Combine(directory, "ca.crt");

    public string ServerCertificatePath => Path.Combine(directory, "gateway.crt");

    public string ServerKeyPath => Path.Combine(directory, "gateway.key");

    /// <summary>Creates what is missing or expires within a week; keeps the rest.</summary>
    public void Ensure()
    {
        using var ca = LoadOrCreateCa();
        if (NeedsNew(ServerCertificatePath))
        {
            using var server = ca.IssueServer("mla-gateway", ["127.0.0.1", "localhost", "::1"], CertificateLifetime);
            PemFiles.Write(server, directory, "gateway");
        }
    }

    private CertificateAuthority LoadOrCreateCa()
    {
        var keyPath = Path.Combine(directory, "ca.key");
        if (File.Exists(CaCertificatePath) && File.Exists(keyPath) && !NeedsNew(CaCertificatePath))
        {
            return CertificateAuthority.Load(File.ReadAllText(CaCertificatePath), File.ReadAllText(keyPath));
        }

        var ca = CertificateAuthority.Create("MLA development CA", CaLifetime);
        PemFiles.Write(ca.Certificate, directory, "ca");
        // A new CA invalidates what the old one issued.
        File.Delete(ServerCertificatePath);

        return ca;
    }

    private static bool NeedsNew(string certificatePath)
    {
        if (!File.Exists(certificatePath))
        {
            return true;
        }

        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow.AddDays(7);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mla.Hosting;

namespace Mla.Gateway.Tls;

/// <summary>The CAs of <c>Mla:Gateway:Tls:ClientCaBundlePath</c>: self-signed ones are trust anchors, the others intermediates.</summary>
public sealed class ClientCaBundle : IDisposable
{
    private const string Key = GatewayTlsOptions.SectionName + ":" + nameof(GatewayTlsOptions.ClientCaBundlePath);

    public ClientCaBundle(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? Roots : Intermediates).Add(certificate);
        }
    }

    public X509Certificate2Collection Roots { get; } = [];

    public X509Certificate2Collection Intermediates { get; } = [];

    public bool IsEmpty => Roots.Count == 0;

    public static ClientCaBundle Empty() => new([]);

    /// <exception cref="InvalidConfigurationException">The file is missing, unreadable or holds no certificate.</exception>
    public static ClientCaBundle Load(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidConfigurationException(Key, $"cannot read the CA bundle '{path}': {ex.Message}");
        }

        var bundle = new ClientCaBundle(certificates);
        if (bundle.IsEmpty)
        {
            throw new InvalidConfigurationException(Key, $"'{path}' holds no self-signed CA certificate to trust");
        }

        return bundle;
    }

    public void Dispose()
    {
        foreach (var certificate in Roots.Concat(Intermediates))
        {
            certificate.Dispose();
        }
    }
}

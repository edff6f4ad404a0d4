using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Mla.Hosting;
using Mla.Hosting.Listeners;

namespace Mla.Gateway.Tls;

/// <summary>
/// The agents' TLS endpoint (<c>Mla:Gateway:Tls</c>). Client certificates are allowed, not required (a bearer token
/// over TLS works too), and Kestrel accepts any at the handshake: <see cref="ClientCertificateVerifier"/> decides.
/// </summary>
internal static class GatewayTlsListener
{
    public const string Name = "gateway-tls";

    /// <summary>The listener, or null when <c>ListenUrl</c> is empty.</summary>
    /// <exception cref="InvalidConfigurationException">A setting is missing or a file cannot be read.</exception>
    public static MlaListener? Create(GatewayTlsOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var endpoint = ParseListenUrl(options.ListenUrl!);
        var certificates = LoadServerCertificates(
            Require(options.ServerCertificatePath, nameof(GatewayTlsOptions.ServerCertificatePath)),
            Require(options.ServerKeyPath, nameof(GatewayTlsOptions.ServerKeyPath)));
        return new MlaListener(Name, kestrel => kestrel.Listen(endpoint, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificates[0],
            ServerCertificateChain = certificates.Count > 1 ? new X509Certificate2Collection(certificates.Skip(1).ToArray()) : null,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            // Accept every certificate at the handshake; the request pipeline verifies it against the CA bundle only.
            ClientCertificateValidation = (_, _, _) => true,
            CheckCertificateRevocation = false,
        })));
    }

    private static IPEndPoint ParseListenUrl(string url)
    {
        const string key = GatewayTlsOptions.SectionName + ":" + nameof(GatewayTlsOptions.ListenUrl);
        var normalised = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidConfigurationException(key, $"'{url}' must be https://<ip or localhost>:<port>");
        }

        var address = uri.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed
            : throw new InvalidConfigurationException(key, $"'{uri.Host}' must be an IP address or localhost");
        return new IPEndPoint(address, uri.Port);
    }

    private static X509Certificate2Collection LoadServerCertificates(string certificatePath, string keyPath)
    {
        const string key = GatewayTlsOptions.SectionName + ":" + nameof(GatewayTlsOptions.ServerCertificatePath);
        try
        {
            var leaf = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(certificatePath);
            var chain = new X509Certificate2Collection(leaf);
            chain.AddRange(all.Skip(1).ToArray());
            return chain;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidConfigurationException(key, $"cannot load the server certificate '{certificatePath}' with key '{keyPath}': {ex.Message}");
        }
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidConfigurationException($"{GatewayTlsOptions.SectionName}:{name}", "is required when ListenUrl is set")
            : value;
}

namespace Mla.Gateway.Tls;

/// <summary>Section <c>Mla:Gateway:Tls</c>: the agents' mTLS endpoint, besides the main HTTP address.</summary>
public sealed class GatewayTlsOptions
{
    public const string SectionName = GatewayOptions.SectionName + ":Tls";

    /// <summary><c>https://ip-or-localhost:port</c> (port 0: any free port); empty: no TLS listener.</summary>
    public string? ListenUrl { get; set; }

    /// <summary>PEM certificate of the server (may be followed by its intermediates).</summary>
    public string? ServerCertificatePath { get; set; }

    /// <summary>PEM private key of the server certificate.</summary>
    public string? ServerKeyPath { get; set; }

    /// <summary>
    /// PEM bundle of CAs whose client certificates are accepted for tenants from configuration (roots and
    /// intermediates). Optional with the tenant service: its seeds' CAs are trusted for their own tenants.
    /// </summary>
    public string? ClientCaBundlePath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ListenUrl);
}

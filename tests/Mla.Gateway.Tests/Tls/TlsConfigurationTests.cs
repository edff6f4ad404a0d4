using Mla.Certificates;
using Mla.Gateway.Tls;
using Mla.Hosting;

namespace Mla.Gateway.Tests.Tls;

public sealed class TlsConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-gateway-tls-").FullName;

    [Fact]
    public void No_listen_url_means_no_listener() => Assert.Null(GatewayTlsListener.Create(new GatewayTlsOptions()));

    [Fact]
    public void A_complete_configuration_gives_the_listener()
    {
        var options = Complete();

        var listener = GatewayTlsListener.Create(options);

        Assert.Equal(GatewayTlsListener.Name, listener?.Name);
    }

    [Theory]
    [InlineData(nameof(GatewayTlsOptions.ListenUrl), "http://127.0.0.1:8443", "ListenUrl", "must be https")]
    [InlineData(nameof(GatewayTlsOptions.ListenUrl), "https://gateway.example:8443", "ListenUrl", "must be an IP address or localhost")]
    [InlineData(nameof(GatewayTlsOptions.ServerKeyPath), "", "ServerKeyPath", "is required when ListenUrl is set")]
    [InlineData(nameof(GatewayTlsOptions.ServerCertificatePath), "/nonexistent/server.crt", "ServerCertificatePath", "cannot load the server certificate")]
    public void A_bad_setting_names_its_key(string property, string value, string key, string reason)
    {
        var options = Complete();
        typeof(GatewayTlsOptions).GetProperty(property)!.SetValue(options, value);

        var error = Assert.Throws<InvalidConfigurationException>(() => GatewayTlsListener.Create(options));

        Assert.Equal($"Mla:Gateway:Tls:{key}", error.Key);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CA_bundle_that_is_missing_or_holds_no_certificate_names_its_key()
    {
        var empty = Path.Combine(_directory, "empty.pem");
        File.WriteAllText(empty, "not a certificate\n");

        var missing = Assert.Throws<InvalidConfigurationException>(() => ClientCaBundle.Load(Path.Combine(_directory, "missing.pem")));
        var none = Assert.Throws<InvalidConfigurationException>(() => ClientCaBundle.Load(empty));

        Assert.Equal("Mla:Gateway:Tls:ClientCaBundlePath", missing.Key);
        Assert.Contains("holds no self-signed CA certificate", none.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private GatewayTlsOptions Complete()
    {
        using var ca = CertificateAuthority.Create("test-ca", TimeSpan.FromDays(1));
        using var server = ca.IssueServer("gateway", ["127.0.0.1"], TimeSpan.FromDays(1));
        var (certificate, key) = PemFiles.Write(server, _directory, "server");
        var bundle = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(bundle, PemFiles.CertificatePem(ca.Certificate));
        return new GatewayTlsOptions
        {
            ListenUrl = "https://127.0.0.1:0",
            ServerCertificatePath = certificate,
            ServerKeyPath = key,
            ClientCaBundlePath = bundle,
        };
    }
}

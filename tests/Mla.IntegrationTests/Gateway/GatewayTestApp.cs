using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Mla.Gateway;
using Mla.Hosting;
using Mla.IntegrationTests.Support;

namespace Mla.IntegrationTests.Gateway;

/// <summary>
/// The gateway as its Program composes it, on a free HTTP port and (with a PKI) a free TLS port on 127.0.0.1.
/// Tenants: <c>tenant-a</c>, <c>tenant-b</c> (certificates), <c>tenant-t</c> (token <see cref="Token"/>).
/// </summary>
internal sealed class GatewayTestApp : IAsyncDisposable
{
    public const string Token = "token-of-tenant-t";

    private readonly GatewayPki? _pki;
    private readonly string _directory;
    private readonly List<HttpClient> _clients = [];

    private GatewayTestApp(WebApplication app, GatewayPki? pki, string directory)
    {
        App = app;
        _pki = pki;
        _directory = directory;
        HttpUrl = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
        TlsUrl = app.Urls.Where(u => u.StartsWith("https://", StringComparison.Ordinal)).Select(u => new Uri(u)).FirstOrDefault();
        Http = Client(HttpUrl, null);
    }

    public WebApplication App { get; }

    public Uri HttpUrl { get; }

    public Uri? TlsUrl { get; }

    /// <summary>A client of the plain HTTP address.</summary>
    public HttpClient Http { get; }

    public static string Sha256(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static async Task<GatewayTestApp> StartAsync(string bootstrapServers, string topic, GatewayPki? pki, Dictionary<string, string?>? settings = null)
    {
        // An empty content root: no appsettings.json of another service from the test output directory.
        var directory = Directory.CreateTempSubdirectory("mla-gateway-test-").FullName;
        var builder = MlaApplication.CreateBuilder("gateway", new WebApplicationOptions
        {
            ContentRootPath = directory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Gateway:Kafka:BootstrapServers"] = bootstrapServers,
            ["Mla:Gateway:Kafka:Topic"] = topic,
            ["Mla:Gateway:Tenants:tenant-a:Disabled"] = "false",
            ["Mla:Gateway:Tenants:tenant-b:Disabled"] = "false",
            ["Mla:Gateway:Tenants:tenant-t:TokenSha256"] = Sha256(Token),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        if (pki is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mla:Gateway:Tls:ListenUrl"] = "https://127.0.0.1:0",
                ["Mla:Gateway:Tls:ServerCertificatePath"] = pki.ServerCertificatePath,
                ["Mla:Gateway:Tls:ServerKeyPath"] = pki.ServerKeyPath,
                ["Mla:Gateway:Tls:ClientCaBundlePath"] = pki.CaBundlePath,
            });
        }

        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddGatewayService();
        var app = MlaApplication.Build(builder, a => a.MapGatewayService());
        await app.StartAsync();
        return new GatewayTestApp(app, pki, directory);
    }

    /// <summary>A client of the TLS address, presenting <paramref name="certificate"/> (or none).</summary>
    public HttpClient TlsClient(X509Certificate2? certificate) =>
        Client(TlsUrl ?? throw new InvalidOperationException("started without a PKI: no TLS listener"), certificate);

    public static async Task<(int Status, string Body, HttpResponseMessage Response)> PushAsync(HttpClient client, PushRequest request)
    {
        using var message = request.ToMessage();
        var response = await client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>The value of one series on /metrics, 0 when it does not exist yet.</summary>
    public Task<double> MetricAsync(string series) => ServiceHttp.MetricAsync(Http, series);

    public async Task<int> StatusOfAsync(string path) =>
        (int)(await Http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private HttpClient Client(Uri baseAddress, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        if (baseAddress.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, errors) => _pki!.IsOurServer(server, errors);
            if (certificate is not null)
            {
                handler.SslOptions.ClientCertificates = [certificate];
            }
        }

        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(client);
        return client;
    }
}

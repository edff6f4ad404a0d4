using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting;
using Mla.IntegrationTests.Support;
using Mla.Webhooks;
using Mla.Webhooks.Intake;
using Mla.Webhooks.Signatures;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>The webhooks service on a free port, as its own Program composes it, with a fresh SQLite catalog.</summary>
internal sealed class WebhooksTestApp : IAsyncDisposable
{
    public const string Secret = "integration-test-secret";
    private readonly string _directory;

    private WebhooksTestApp(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) }.As(TestAccess.OperatorToken);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();


    public static async Task<WebhooksTestApp> StartAsync(Dictionary<string, string?> settings)
    {
        var directory = Directory.CreateTempSubdirectory("mla-webhooks-test-").FullName;
        var builder = MlaApplication.CreateBuilder("webhooks", new WebApplicationOptions
        {
            ContentRootPath = directory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Webhooks:Secret"] = Secret,
            ["Mla:Webhooks:ResyncInterval"] = "00:00:00",
            ["Mla:Webhooks:PublishTimeout"] = "00:00:05",
            ["Mla:Catalog:SqlitePath"] = Path.Combine(directory, "catalog.db"),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWebhooksService();
        var app = MlaApplication.Build(builder, a => a.MapWebhooksService());
        await app.StartAsync();
        var started = new WebhooksTestApp(app, directory);
        await started.WaitUntilReadyAsync();
        return started;
    }

    /// <summary>Like a load balancer in front of it, send nothing before /readyz says the bus and the store answer.</summary>
    public Task WaitUntilReadyAsync() => ServiceHttp.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(60));

    /// <summary>Posts a signed body; <paramref name="chunked"/> sends it without Content-Length (chunked transfer encoding).</summary>
    public Task<HttpResponseMessage> PostAsync(
        byte[] body, string? signature = null, string contentType = KkpWebhookEndpoint.SingleMediaType, bool chunked = false)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, KkpWebhookEndpoint.Route) { Content = content };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature ?? Sign(body));
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        return Http.SendAsync(request);
    }

    public static string Sign(byte[] body) => WebhookSignature.Compute(body, Encoding.UTF8.GetBytes(Secret));

    /// <summary>The value of one counter series on /metrics, 0 when the series does not exist yet.</summary>
    public Task<double> MetricAsync(string series) => ServiceHttp.MetricAsync(Http, series);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

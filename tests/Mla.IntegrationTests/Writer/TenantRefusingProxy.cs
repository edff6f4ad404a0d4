using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// A remote-write proxy in front of VictoriaMetrics that answers 429 to one tenant's writes while <see cref="Refusing"/>
/// (the writer's <c>extra-label</c> placement names the tenant in the query: <c>extra_label=tenant=&lt;id&gt;</c>) and
/// forwards everything else as it came.
/// </summary>
internal sealed class TenantRefusingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri _target;
    private readonly string _refusedLabel;
    private int _refused;
    private volatile bool _refusing;

    private TenantRefusingProxy(Uri target, string refusedTenant)
    {
        _target = target;
        _refusedLabel = $"tenant={refusedTenant}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/api/v1/write", HandleAsync);
    }

    /// <summary>The write URL to give the writer.</summary>
    public Uri RemoteWriteUrl => new(new Uri(_app.Urls.First()), "api/v1/write");

    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>Writes answered 429 so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<TenantRefusingProxy> StartAsync(Uri victoriaMetricsWriteUrl, string refusedTenant)
    {
        var proxy = new TenantRefusingProxy(victoriaMetricsWriteUrl, refusedTenant);
        await proxy._app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query["extra_label"].ToString();
        if (_refusing && query == _refusedLabel)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = (int)HttpStatusCode.TooManyRequests;
            await context.Response.WriteAsync("tenant over its ingestion limit (test proxy)");
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_target + context.Request.QueryString.Value)) { Content = new ByteArrayContent(body.ToArray()) };
        foreach (var header in new[] { "Content-Type", "Content-Encoding" })
        {
            if (context.Request.Headers.TryGetValue(header, out var value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value.ToString());
            }
        }

        foreach (var header in new[] { "X-Prometheus-Remote-Write-Version", "User-Agent" })
        {
            if (context.Request.Headers.TryGetValue(header, out var value))
            {
                request.Headers.TryAddWithoutValidation(header, value.ToString());
            }
        }

        using var answer = await _forward.SendAsync(request);
        context.Response.StatusCode = (int)answer.StatusCode;
        await answer.Content.CopyToAsync(context.Response.Body);
    }
}

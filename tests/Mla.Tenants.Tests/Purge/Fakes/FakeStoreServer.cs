using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mla.Tenants.Tests.Purge.Fakes;

/// <summary>A Kestrel app on 127.0.0.1 with a free port that records every request; the fakes map their API on it.</summary>
internal sealed class FakeStoreServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeStoreServer(WebApplication app, ConcurrentQueue<RecordedRequest> requests)
    {
        _app = app;
        Requests = requests;
        BaseUri = new Uri(app.Urls.First() + "/");
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; }

    public static async Task<FakeStoreServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var requests = new ConcurrentQueue<RecordedRequest>();
        app.Use(async (context, next) =>
        {
            requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.QueryString.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(context);
        });
        map(app);
        await app.StartAsync();
        return new FakeStoreServer(app, requests);
    }

    /// <summary>The tenant of a request, as Mimir, Cortex and Loki read it; null when the header is missing or empty.</summary>
    public static string? OrgId(HttpContext context) =>
        context.Request.Headers.TryGetValue("X-Scope-OrgID", out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;

    /// <summary>What the real servers' auth middleware answers without a tenant header.</summary>
    public static IResult NoOrgId() => Results.Text("no org id\n", statusCode: StatusCodes.Status401Unauthorized);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mla.Rules.Tests.Fakes;

/// <summary>An in-process HTTP server on 127.0.0.1 for a fake of an external API, counting requests by method.</summary>
public abstract class FakeServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>While true, every request gets 503 (the backend is down).</summary>
    public bool Down { get; set; }

    public int Count(string method) => _requests.GetValueOrDefault(method);

    /// <summary>POST, PUT and DELETE requests: what an idle resync must not send.</summary>
    public int Writes => Count("POST") + Count("PUT") + Count("DELETE");

    protected async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            _requests.AddOrUpdate(context.Request.Method, 1, (_, n) => n + 1);
            if (Down)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("down");
                return;
            }

            await next(context);
        });
        Map(app);
        await app.StartAsync();
        _app = app;
        BaseUri = new Uri(app.Urls.First().TrimEnd('/') + "/");
    }

    protected abstract void Map(WebApplication app);

    protected static Task Text(HttpContext context, int status, string text, string contentType = "text/plain; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(text);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

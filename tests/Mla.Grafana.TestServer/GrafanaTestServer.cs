using System.Collections.Concurrent;
using System.Text;
using Mla.Grafana.TestServer.Routes;

namespace Mla.Grafana.TestServer;

/// <summary>
/// An in-process Grafana HTTP API double (https://grafana.com/docs/grafana/latest/developers/http_api/, as Grafana 13 behaves) on 127.0.0.1: basic auth as the server admin,
/// orgs (zero-based paging, 409 on a taken name), users, org users, datasources by uid (the by-id routes off as in
/// Grafana 13), dashboards with versions. Counts requests and writes; <see cref="Down"/> makes it answer 503 to
/// everything, as a Grafana that is restarting.
/// </summary>
public sealed class GrafanaTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _requestsByRoute = new(StringComparer.Ordinal);
    private long _requests;
    private long _writes;

    private GrafanaTestServer(WebApplication app, FakeGrafanaState state, GrafanaTestServerOptions options)
    {
        _app = app;
        State = state;
        Options = options;
    }

    public Uri Url => new(_app.Urls.First() + "/");

    public FakeGrafanaState State { get; }

    public GrafanaTestServerOptions Options { get; }

    /// <summary>Every request answered (401s and 503s included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests answered (401s and 503s included) with this method and path (no query), e.g. <c>RequestsTo("GET", "/api/users/search")</c>.</summary>
    public long RequestsTo(string method, string path) => _requestsByRoute.GetValueOrDefault(method.ToUpperInvariant() + " " + path);

    /// <summary>Authenticated POST, PUT, PATCH and DELETE requests answered while up.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>While true every request gets 503 and changes nothing.</summary>
    public bool Down { get; set; }

    /// <summary>
    /// When set to n, the n-th write (counted in <see cref="Writes"/>) is applied and answered, and then the server
    /// goes <see cref="Down"/>: an outage at an exact point of a sync.
    /// </summary>
    public long? DownAfterWrite { get; set; }

    public static async Task<GrafanaTestServer> StartAsync(GrafanaTestServerOptions? options = null)
    {
        options ??= new GrafanaTestServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var state = new FakeGrafanaState(options.AdminLogin);
        var server = new GrafanaTestServer(app, state, options);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AdminLogin}:{options.AdminPassword}"));
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server._requests);
            server._requestsByRoute.AddOrUpdate(context.Request.Method.ToUpperInvariant() + " " + context.Request.Path, 1, (_, n) => n + 1);
            if (server.Down)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new { message = "Service unavailable" });
                return;
            }

            if (options.AuthProxyHeaderName is { } proxyHeader && context.Request.Headers[proxyHeader].ToString() is { Length: > 0 } proxied)
            {
                await AuthProxyRoutes.AnswerAsync(context, state, options, proxied);
                return;
            }

            if (context.Request.Path != "/api/health" && context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { message = "Unauthorized" });
                return;
            }

            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                var write = Interlocked.Increment(ref server._writes);
                await next(context);
                if (write == server.DownAfterWrite)
                {
                    server.Down = true;
                }

                return;
            }

            await next(context);
        });
        GrafanaRoutes.Map(app, state, options);
        await app.StartAsync();
        return server;
    }

    /// <summary>
    /// A user's first login through the auth proxy, as the proxy in front of Grafana sends it: <c>GET /api/user</c>
    /// with the proxy header (<see cref="GrafanaTestServerOptions.AuthProxyHeaderName"/>). Returns the user's id.
    /// </summary>
    public async Task<long> LogInThroughAuthProxyAsync(string headerValue)
    {
        var header = Options.AuthProxyHeaderName ?? throw new InvalidOperationException("the fake runs without an auth proxy (AuthProxyHeaderName)");
        using var http = new HttpClient { BaseAddress = Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/user");
        request.Headers.Add(header, headerValue);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var user = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return user.GetProperty("id").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

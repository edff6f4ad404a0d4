using Mla.IntegrationTests.Gateway;

namespace Mla.IntegrationTests.ReadPath;

/// <summary>
/// A gateway whose read path reads the given stores, with tenants A and B (read tokens), A's write token, a deleted
/// tenant D that still has a read token on record, and an admin read token. Kafka is not needed for reads.
/// </summary>
internal sealed class ReadPathGateway : IAsyncDisposable
{
    private ReadPathGateway(GatewayTestApp app, string run)
    {
        App = app;
        TenantA = "ra" + run;
        TenantB = "rb" + run;
        TenantDeleted = "rd" + run;
    }

    public GatewayTestApp App { get; }

    public string TenantA { get; }

    public string TenantB { get; }

    public string TenantDeleted { get; }

    public string ReadTokenA => ReadToken(TenantA);

    public string ReadTokenB => ReadToken(TenantB);

    public string WriteTokenA => "mla_write-" + TenantA;

    public string ReadTokenDeleted => ReadToken(TenantDeleted);

    public string AdminToken => "mlar_admin-" + TenantA;

    private static string ReadToken(string tenant) => "mlar_read-" + tenant;

    /// <summary>Starts the gateway; <paramref name="more"/> adds settings given the ids of tenants A and B.</summary>
    public static async Task<ReadPathGateway> StartAsync(Uri? metrics, Uri? alertmanager, Func<string, string, Dictionary<string, string?>>? more = null)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var (a, b, d) = ("ra" + run, "rb" + run, "rd" + run);
        var settings = new Dictionary<string, string?>
        {
            [$"Mla:Gateway:Tenants:{a}:TokenSha256"] = GatewayTestApp.Sha256("mla_write-" + a),
            [$"Mla:Gateway:Tenants:{a}:ReadTokenSha256"] = GatewayTestApp.Sha256(ReadToken(a)),
            [$"Mla:Gateway:Tenants:{b}:ReadTokenSha256"] = GatewayTestApp.Sha256(ReadToken(b)),
            [$"Mla:Gateway:Tenants:{d}:ReadTokenSha256"] = GatewayTestApp.Sha256(ReadToken(d)),
            [$"Mla:Gateway:Tenants:{d}:Disabled"] = "true",
            ["Mla:Gateway:ReadPath:AdminTokenSha256:0"] = GatewayTestApp.Sha256("mlar_admin-" + a),
            ["Mla:Gateway:ReadPath:Metrics:Url"] = metrics?.ToString(),
            ["Mla:Gateway:ReadPath:Alertmanager:Url"] = alertmanager?.ToString(),
        };
        foreach (var (key, value) in more?.Invoke(a, b) ?? [])
        {
            settings[key] = value;
        }

        var app = await GatewayTestApp.StartAsync("127.0.0.1:9", "mla-read-path-unused", null, settings);
        return new ReadPathGateway(app, run);
    }

    public HttpClient Client(string? token)
    {
        var http = new HttpClient { BaseAddress = App.HttpUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return http;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

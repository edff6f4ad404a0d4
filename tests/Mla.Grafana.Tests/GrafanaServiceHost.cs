using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Grafana.Hosting;
using Mla.Grafana.Sync;
using Mla.Grafana.TestServer;
using Mla.Hosting;

namespace Mla.Grafana.Tests;

/// <summary>
/// Mla.Grafana as it runs (the sync loop, the bus consumer, /metrics) on the in-memory bus, pointed at a fake Grafana,
/// with <see cref="FixedReadTokens"/> instead of the tenant service.
/// </summary>
internal sealed class GrafanaServiceHost : IAsyncDisposable
{
    private GrafanaServiceHost(WebApplication app, GrafanaTestServer grafana)
    {
        App = app;
        Grafana = grafana;
    }

    public WebApplication App { get; }

    public GrafanaTestServer Grafana { get; }

    public Uri BaseAddress => new(App.Urls.First());

    public IBus Bus => App.Services.GetRequiredService<IBus>();

    public GrafanaSyncStatus Status => App.Services.GetRequiredService<GrafanaSyncStatus>();

    public FirstLoginWatch FirstLoginWatch => App.Services.GetRequiredService<FirstLoginWatch>();

    public GrafanaMetrics Metrics => App.Services.GetRequiredService<GrafanaMetrics>();

    public static async Task<GrafanaServiceHost> StartAsync(GrafanaTestServer grafana, IDictionary<string, string?>? settings = null)
    {
        var builder = MlaApplication.CreateBuilder("grafana", new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Mla:Grafana:Url"] = grafana.Url.ToString(),
            ["Mla:Grafana:AdminUser"] = grafana.Options.AdminLogin,
            ["Mla:Grafana:AdminPassword"] = grafana.Options.AdminPassword,
            ["Mla:Grafana:SeedReadUrls:eu"] = "https://mla-eu.example.com/",
            ["Mla:Grafana:SeedReadUrls:us"] = "https://mla-us.example.com/",
            // Required with Url; never called: FixedReadTokens replaces the tenant service below.
            ["Mla:Grafana:TenantService:Url"] = "http://127.0.0.1:9/",
            ["Mla:Grafana:TenantService:Token"] = "unused",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddGrafanaService();
        builder.Services.AddSingleton<ITenantReadTokens>(new FixedReadTokens());
        var app = MlaApplication.Build(builder, a => a.MapGrafanaService());
        await app.StartAsync();
        return new GrafanaServiceHost(app, grafana);
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

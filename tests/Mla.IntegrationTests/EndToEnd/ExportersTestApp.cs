using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Exporters;
using Mla.Hosting;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Tenants;
using Serilog.Core;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>The exporter service on a free port, as its Program composes it (live mode), with captured logs.</summary>
internal sealed class ExportersTestApp : IAsyncDisposable
{
    private ExportersTestApp(WebApplication app, CapturedLogs logs)
    {
        App = app;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) }.As(TestAccess.ViewerToken);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    public static async Task<ExportersTestApp> StartAsync(Dictionary<string, string?> settings)
    {
        var logs = new CapturedLogs();
        var builder = MlaApplication.CreateBuilder("exporters", new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Mla.Exporters"] = "Debug",
        });
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ILogEventSink>(logs);
        builder.AddExportersService();
        var app = MlaApplication.Build(builder, a => a.MapExportersService());
        await app.StartAsync();
        var started = new ExportersTestApp(app, logs);
        await ServiceHttp.WaitUntilReadyAsync(started.Http, TimeSpan.FromSeconds(60));
        return started;
    }

    /// <summary>Polls <c>GET /api/v1/clusters/{id}/agents</c> until the status is reached (generous: a loaded 2-core machine).</summary>
    public Task<JsonElement> WaitForStatusAsync(string clusterId, string status) => Eventually.WaitAsync(
        async () =>
        {
            using var response = await Http.GetAsync(new Uri($"/api/v1/clusters/{clusterId}/agents", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        },
        agents => agents.ValueKind == JsonValueKind.Object && agents.GetProperty("status").GetString() == status,
        TimeSpan.FromSeconds(90),
        agents => $"cluster {clusterId}'s agents are {(agents.ValueKind == JsonValueKind.Object ? agents.GetRawText() : "unknown")}, not {status}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

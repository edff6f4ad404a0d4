using Mla.IntegrationTests.Support;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting;
using Mla.Tenants;
using Mla.Tenants.Reconciliation;
using Serilog.Core;

namespace Mla.IntegrationTests.Tenants;

/// <summary>The tenant service on a free port, as its Program composes it, with a fresh SQLite store and captured logs.</summary>
internal sealed class TenantsTestApp : IAsyncDisposable
{
    public const string GatewayUrl = "https://gateway.test:9443";
    private static readonly string[] Outcomes = ["changed", "unchanged", "stale"];
    private readonly string _directory;

    private TenantsTestApp(WebApplication app, string directory, CapturedLogs logs, string token, string keyEncryptionKey)
    {
        App = app;
        _directory = directory;
        Logs = logs;
        Token = token;
        KeyEncryptionKey = keyEncryptionKey;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) }.As(TestAccess.OperatorToken);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    public string Token { get; }

    public string KeyEncryptionKey { get; }

    public TenantMetrics Metrics => Service<TenantMetrics>();

    public IBus Bus => Service<IBus>();

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();


    public static async Task<TenantsTestApp> StartAsync(Dictionary<string, string?> settings)
    {
        var directory = Directory.CreateTempSubdirectory("mla-tenants-test-").FullName;
        var token = TestAccess.InternalToken;
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var logs = new CapturedLogs();
        var builder = MlaApplication.CreateBuilder("tenants", new WebApplicationOptions
        {
            ContentRootPath = directory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Tenants:SqlitePath"] = Path.Combine(directory, "tenants.db"),
            ["Mla:Tenants:KeyEncryptionKey"] = key,
            ["Mla:Tenants:GatewayUrl"] = GatewayUrl,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Mla.Tenants"] = "Information",
        });
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ILogEventSink>(logs);
        builder.AddTenantsService();
        var app = MlaApplication.Build(builder, a => a.MapTenantsService());
        await app.StartAsync();
        var started = new TenantsTestApp(app, directory, logs, token, key);
        await started.WaitUntilReadyAsync();
        return started;
    }

    /// <summary>Like a load balancer in front of it, send nothing before /readyz says the bus and the store answer.</summary>
    public Task WaitUntilReadyAsync() => ServiceHttp.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(60));

    /// <summary>Polls <c>GET /api/v1/tenants/{id}</c> until the tenant has the status, for at most 30 s.</summary>
    public Task<JsonElement> WaitForStatusAsync(string id, string status) => Eventually.WaitAsync(
        async () =>
        {
            var response = await Http.GetAsync(new Uri($"/api/v1/tenants/{id}", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        },
        tenant => tenant.ValueKind == JsonValueKind.Object && tenant.GetProperty("status").GetString() == status,
        TimeSpan.FromSeconds(30),
        tenant => $"tenant {id} is {(tenant.ValueKind == JsonValueKind.Object ? tenant.GetProperty("status").GetString() : "unknown")}, not {status}");

    /// <summary>Cluster events reconciled so far, whatever their outcome.</summary>
    public double ClusterEventsReconciled() =>
        Outcomes.Sum(outcome => Metrics.Events.WithLabels("cluster", outcome).Value);

    public static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

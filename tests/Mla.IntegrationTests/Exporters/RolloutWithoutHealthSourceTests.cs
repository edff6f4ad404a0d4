using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Contracts.Clusters;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Exporters;
using Mla.Exporters.Export;
using Mla.Exporters.Fleet;
using Mla.Exporters.Rollouts;
using Mla.Hosting;
using Mla.IntegrationTests.Support;
using Mla.Tenants.Client;
using Mla.TestSupport.Certificates;

namespace Mla.IntegrationTests.Exporters;

/// <summary>
/// The rollout API in render mode without a health source (nothing can report the rendered agents Healthy): a rollout
/// that would wait for health is refused with 400 and the reason; with <c>waitForHealth: false</c> its waves advance
/// as soon as their clusters are rendered with the new image, each cluster shown <c>Rendered</c> (health not observed).
/// </summary>
public sealed class RolloutWithoutHealthSourceTests : IAsyncLifetime
{
    private const string NewImage = "docker.io/victoriametrics/vmagent:v1.99.0";

    private readonly string _directory = Directory.CreateTempSubdirectory("mla-rollout-nohealth-").FullName;
    private WebApplication _app = null!;
    private HttpClient _operator = null!;

    private string RenderDirectory => Path.Combine(_directory, "rendered");

    public async Task InitializeAsync()
    {
        var builder = MlaApplication.CreateBuilder("exporters", new WebApplicationOptions { ContentRootPath = _directory, Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Mla:Exporters:RenderDirectory"] = RenderDirectory,
            ["Mla:Exporters:GatewayUrl"] = "https://gateway.example:8443",
            ["Mla:AgentRollouts:SqlitePath"] = Path.Combine(_directory, "agent-rollouts.db"),
            ["Mla:AgentRollouts:Interval"] = "00:00:00.200",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        builder.AddExportersService();
        // No tenant service here: every cluster gets throw-away credentials, so that its agents are rendered.
        builder.Services.AddSingleton<ICredentialsSource, ThrowAwayCredentials>();
        _app = MlaApplication.Build(builder, a => a.MapExportersService());
        await _app.StartAsync();
        _operator = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) }.As(TestAccess.OperatorToken);
        await ServiceHttp.WaitUntilReadyAsync(_operator, TimeSpan.FromSeconds(60));
        var fleet = _app.Services.GetRequiredService<FleetState>();
        AddCluster(fleet, "c1", new Dictionary<string, string> { ["ring"] = "canary" });
        AddCluster(fleet, "c2", new Dictionary<string, string>());
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":100}]}""")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":100}],"waitForHealth":true}""")]
    public async Task A_rollout_that_would_wait_for_health_is_refused_400_with_the_reason_and_nothing_is_stored(string body)
    {
        using var response = await _operator.PostAsync(new Uri(RolloutEndpoints.ListRoute, UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var reason = Assert.Single(problem.GetProperty("errors").GetProperty("waitForHealth").EnumerateArray()).GetString();
        Assert.Equal("no health source in render mode: agents' health cannot be observed; set waitForHealth=false to advance waves after rendering", reason);
        Assert.Contains(reason!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await _operator.GetFromJsonAsync<JsonElement>(new Uri(RolloutEndpoints.ListRoute, UriKind.Relative));
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Without_waiting_for_health_the_waves_advance_once_rendered_and_each_cluster_says_health_was_not_observed()
    {
        // A day's health timeout: the rollout completes long before it, so it cannot have waited it out.
        using var response = await _operator.PostAsJsonAsync(new Uri(RolloutEndpoints.ListRoute, UriKind.Relative), new
        {
            component = "metrics-agent",
            image = NewImage,
            waves = new object[] { new { selector = "ring=canary" }, new { percent = 100 } },
            healthTimeout = "1.00:00:00",
            waitForHealth = false,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.False(created.GetProperty("waitForHealth").GetBoolean());

        var shown = await Eventually.WaitAsync(
            () => _operator.GetFromJsonAsync<JsonElement>(new Uri($"{RolloutEndpoints.ListRoute}/{id}", UriKind.Relative)),
            r => r.GetProperty("state").GetString() == "Completed",
            TimeSpan.FromSeconds(90),
            r => r.ToString());

        var waves = shown.GetProperty("waves").EnumerateArray().ToList();
        Assert.Equal(["Succeeded", "Succeeded"], waves.Select(w => w.GetProperty("state").GetString()));
        Assert.Equal([["c1"], ["c2"]], waves.Select(w => w.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("clusterId").GetString()).ToList()));
        foreach (var cluster in waves.SelectMany(w => w.GetProperty("clusters").EnumerateArray()))
        {
            Assert.Equal("Rendered", cluster.GetProperty("state").GetString());
            Assert.Contains("health not observed", cluster.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        // What was rendered for each cluster carries the new image.
        foreach (var cluster in new[] { "c1", "c2" })
        {
            var files = Directory.GetFiles(RenderDirectory, "*.yaml", SearchOption.AllDirectories).Where(f => f.Contains($"{Path.DirectorySeparatorChar}{cluster}{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
            Assert.Contains(files, f => File.ReadAllText(f).Contains(NewImage, StringComparison.Ordinal));
        }
    }

    private static void AddCluster(FleetState fleet, string id, Dictionary<string, string> labels)
    {
        fleet.ObserveCluster(new ClusterState(id, id, "s1", "p1", "Running", true, true, labels), DateTimeOffset.UtcNow, deleted: false);
        fleet.ObserveTenant(new TenantState(id, id, "s1", "p1", TenantStatus.Ready, new TenantLimits(new MonitoringLimits(1000, 2000, null, 10_000, null, null, null, null), new LoggingLimits(1, 2, null, null)), "01", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow));
    }

    private sealed class ThrowAwayCredentials : ICredentialsSource
    {
        private static readonly ThrowAwayClientCertificate Issued = ThrowAwayClientCertificate.Issue("rollouts");

        public Task<TenantCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<TenantCredentials?>(new TenantCredentials(Issued.CertificatePem, Issued.PrivateKeyPem, Issued.CaPem, null, null));
    }
}

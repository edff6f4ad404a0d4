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
using Mla.Hosting;
using Mla.IntegrationTests.Support;

namespace Mla.IntegrationTests.Exporters;

/// <summary>
/// The rollout API of the exporter service as its Program composes it (render mode with a health source that never
/// says Healthy, in-memory bus, SQLite store):
/// 400 problem JSON naming the field, 201 with the rollout, 409 naming the running rollout of the same component,
/// progress per wave, pause/resume/abort and their refusals, and the rollout still there after a restart.
/// </summary>
public sealed class RolloutApiTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-rollout-api-").FullName;
    private WebApplication _app = null!;
    private HttpClient _operator = null!;

    public async Task InitializeAsync() => (_app, _operator) = await StartAsync();

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("""{"image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":100}]}""", "component")]
    [InlineData("""{"component":"grafana","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":100}]}""", "component")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:latest","waves":[{"percent":100}]}""", "image")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[]}""", "waves")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"selector":"ring=canary","percent":10}]}""", "waves[0]")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":100},{"selector":"ring in (a"}]}""", "waves[1].selector")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":0}]}""", "waves[0].percent")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":100}],"maxFailures":-1}""", "maxFailures")]
    [InlineData("""{"component":"metrics-agent","image":"docker.io/victoriametrics/vmagent:v1.99.0","waves":[{"percent":100}],"healthTimeout":"00:00:00"}""", "healthTimeout")]
    public async Task A_bad_request_is_answered_400_naming_the_field(string body, string field)
    {
        using var response = await _operator.PostAsync(new Uri("/api/v1/agents/rollouts", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_rollout_is_created_shown_per_wave_refused_twice_paused_resumed_aborted_and_kept_across_a_restart()
    {
        var created = await PostAsync(new { component = "metrics-agent", image = "docker.io/victoriametrics/vmagent:v1.99.0", waves = new object[] { new { selector = "ring=canary" }, new { percent = 100 } }, maxFailures = 1 });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body.GetProperty("id").GetString()!;
        Assert.Equal("VmAgent", created.Body.GetProperty("component").GetString());
        Assert.Equal(2, created.Body.GetProperty("waves").GetArrayLength());
        Assert.Equal(1, created.Body.GetProperty("waves")[0].GetProperty("maxFailures").GetInt32());

        var conflict = await PostAsync(new { component = "VmAgent", image = "docker.io/victoriametrics/vmagent:v1.100.0", waves = new[] { new { percent = 100 } } });
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal(id, conflict.Body.GetProperty("id").GetString());
        Assert.Contains(id, conflict.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Another component is free.
        var logs = await PostAsync(new { component = "log-agent", image = "cr.fluentbit.io/fluent/fluent-bit:3.0.0", waves = new[] { new { percent = 100 } } });
        Assert.Equal(HttpStatusCode.Created, logs.Status);

        Assert.Equal("Paused", (await ActAsync(id, "pause")).Body.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(id, "pause")).Status);
        Assert.Equal("Running", (await ActAsync(id, "resume")).Body.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync("nope", "pause")).Status);

        // The first wave has taken c1 before the restart: right after a restart the fleet is empty until the events
        // bring it back (no tenant service here), and a wave started then would find no cluster.
        await Eventually.WaitAsync(
            () => _operator.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/agents/rollouts/{id}", UriKind.Relative)),
            r => r.GetProperty("waves")[0].GetProperty("state").GetString() == "Running",
            TimeSpan.FromSeconds(30),
            r => $"wave 1 {r.GetProperty("waves")[0].GetProperty("state").GetString()}");

        // A restart: the rollout is read back from the database.
        _operator.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        (_app, _operator) = await StartAsync();
        var shown = await _operator.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/agents/rollouts/{id}", UriKind.Relative));
        Assert.Equal("Running", shown.GetProperty("state").GetString());
        Assert.True(shown.GetProperty("percent").GetInt32() is >= 0 and <= 100);
        Assert.True(shown.GetProperty("waves")[0].TryGetProperty("percentDone", out _));

        var aborted = await ActAsync(id, "abort");
        Assert.Equal(HttpStatusCode.OK, aborted.Status);
        Assert.Equal("Aborted", aborted.Body.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(id, "resume")).Status);
        var list = await _operator.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/agents/rollouts", UriKind.Relative));
        Assert.Equal(2, list.GetProperty("items").GetArrayLength());
    }

    private async Task<(WebApplication App, HttpClient Operator)> StartAsync()
    {
        var builder = MlaApplication.CreateBuilder("exporters", new WebApplicationOptions { ContentRootPath = _directory, Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Mla:Exporters:RenderDirectory"] = Path.Combine(_directory, "rendered"),
            ["Mla:AgentRollouts:SqlitePath"] = Path.Combine(_directory, "agent-rollouts.db"),
            ["Mla:AgentRollouts:Interval"] = "00:00:00.200",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        builder.Services.AddSingleton<IRenderedAgentHealth, AgentsStartingHealth>();
        builder.AddExportersService();
        var app = MlaApplication.Build(builder, a => a.MapExportersService());
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) }.As(TestAccess.OperatorToken);
        await ServiceHttp.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(60));
        // One cluster with a Ready tenant, as their events bring it; the health source never says Healthy, so a rollout
        // that moved it keeps waiting (Running) for the whole test.
        var fleet = app.Services.GetRequiredService<FleetState>();
        fleet.ObserveCluster(new ClusterState("c1", "c1", "s1", "p1", "Running", true, true, new Dictionary<string, string> { ["ring"] = "canary" }), DateTimeOffset.UtcNow, deleted: false);
        fleet.ObserveTenant(new TenantState("c1", "c1", "s1", "p1", TenantStatus.Ready, new TenantLimits(new MonitoringLimits(1000, 2000, null, 10_000, null, null, null, null), new LoggingLimits(1, 2, null, null)), "01", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow));
        return (app, http);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
    {
        using var response = await _operator.PostAsJsonAsync(new Uri("/api/v1/agents/rollouts", UriKind.Relative), body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ActAsync(string id, string action)
    {
        using var response = await _operator.PostAsync(new Uri($"/api/v1/agents/rollouts/{id}/{action}", UriKind.Relative), null);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}

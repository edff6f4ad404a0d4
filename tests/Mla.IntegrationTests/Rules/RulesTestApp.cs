using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Contracts.Alertmanager;
using Mla.Contracts.Rules;
using Mla.Hosting;
using Mla.IntegrationTests.Support;
using Mla.Rules;
using Mla.Rules.Sync;

namespace Mla.IntegrationTests.Rules;

/// <summary>The rules service on a free port, as its Program composes it, on RabbitMQ, writing into the servers' vmalert and Alertmanager.</summary>
internal sealed class RulesTestApp : IAsyncDisposable
{
    private RulesTestApp(WebApplication app)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) }.As(TestAccess.ViewerToken);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public IBus Bus => App.Services.GetRequiredService<IBus>();

    public RulesMetrics Metrics => App.Services.GetRequiredService<RulesMetrics>();

    public RulesSynchronizer Synchronizer => App.Services.GetRequiredService<RulesSynchronizer>();

    public static async Task<RulesTestApp> StartAsync(RulesServers servers)
    {
        var builder = MlaApplication.CreateBuilder("rules", new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Rules:VmAlert:RulesDirectory"] = servers.VmAlert.RulesDirectory,
            ["Mla:Rules:VmAlert:Url"] = servers.VmAlert.BaseUri.ToString(),
            ["Mla:Rules:Alertmanager:ConfigPath"] = servers.Alertmanager.ConfigPath,
            ["Mla:Rules:Alertmanager:Url"] = servers.Alertmanager.BaseUri.ToString(),
            ["Mla:Rules:BatchDelay"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(BusSettings.RabbitMq(servers.RabbitMq));
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        builder.AddRulesService();
        var app = MlaApplication.Build(builder, a => a.MapRulesService());
        await app.StartAsync();
        var started = new RulesTestApp(app);
        await ServiceHttp.WaitUntilReadyAsync(started.Http, TimeSpan.FromSeconds(60));
        return started;
    }

    public Task PublishGroupAsync(string cluster, string name, string yaml, DateTimeOffset? at = null) =>
        Bus.Publish(new RuleGroupChanged(Guid.NewGuid().ToString(), "urn:test", at ?? DateTimeOffset.UtcNow, new RuleGroupState(name, cluster, RuleGroupType.Metrics, yaml), "seed-test"));

    public Task PublishAlertmanagerAsync(string cluster, string yaml) =>
        Bus.Publish(new AlertmanagerConfigChanged(Guid.NewGuid().ToString(), "urn:test", DateTimeOffset.UtcNow, new AlertmanagerConfigState(cluster, yaml), "seed-test"));

    /// <summary>Polls the status API until the group has <paramref name="status"/>; returns its view.</summary>
    public Task<JsonElement> WaitForGroupAsync(string cluster, string name, string status) =>
        WaitForAsync($"/api/v1/clusters/{cluster}/rulegroups/{name}", status);

    public Task<JsonElement> WaitForAlertmanagerAsync(string cluster, string status) =>
        WaitForAsync($"/api/v1/clusters/{cluster}/alertmanager", status);

    /// <summary>An Alertmanager configuration that sends every alert of the tenant to <paramref name="url"/> at once.</summary>
    public static string WebhookConfig(string receiver, string url) => $"""
        route:
          receiver: {receiver}
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: {receiver}
            webhook_configs:
              - url: {url}
                send_resolved: false
        """;

    private Task<JsonElement> WaitForAsync(string path, string status) => Eventually.WaitAsync(
        async () =>
        {
            using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        },
        view => view.ValueKind == JsonValueKind.Object && view.GetProperty("status").GetString() == status,
        TimeSpan.FromSeconds(60),
        view => $"{path} is {(view.ValueKind == JsonValueKind.Object ? view.ToString() : "unknown")}, not {status}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

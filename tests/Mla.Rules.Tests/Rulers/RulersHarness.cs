using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Contracts.Alertmanager;
using Mla.Contracts.Clusters;
using Mla.Contracts.Rules;
using Mla.Hosting;
using Mla.Rules.Desired;
using Mla.Rules.Rulers;
using Mla.Rules.Status;
using Mla.Rules.Sync;
using Mla.Rules.Tests.Fakes;

namespace Mla.Rules.Tests.Rulers;

/// <summary>
/// The rules service as its Program composes it (in-memory bus), seed <see cref="Seed"/> pointing at a fake Cortex
/// ruler (metrics), a fake Loki ruler (logs) and a fake Alertmanager API; seed <see cref="BareSeed"/> has none.
/// </summary>
internal sealed class RulersHarness : IAsyncDisposable
{
    public const string Seed = "europe";
    public const string BareSeed = "bare";

    private RulersHarness(WebApplication app, FakeRuler cortex, FakeRuler loki, FakeAlertmanagerApi alertmanager)
    {
        App = app;
        Cortex = cortex;
        Loki = loki;
        Alertmanager = alertmanager;
    }

    public WebApplication App { get; }

    public FakeRuler Cortex { get; }

    public FakeRuler Loki { get; }

    public FakeAlertmanagerApi Alertmanager { get; }

    public DesiredRules Desired => App.Services.GetRequiredService<DesiredRules>();

    public StatusBoard Board => App.Services.GetRequiredService<StatusBoard>();

    public RulesSynchronizer Synchronizer => App.Services.GetRequiredService<RulesSynchronizer>();

    public IBus Bus => App.Services.GetRequiredService<IBus>();

    public static async Task<RulersHarness> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var cortex = await FakeRuler.StartAsync(RulerKind.Cortex);
        var loki = await FakeRuler.StartAsync(RulerKind.Loki);
        var alertmanager = await FakeAlertmanagerApi.StartAsync();
        var builder = MlaApplication.CreateBuilder("rules", new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            [$"Mla:Rules:Seeds:{Seed}:Metrics:Kind"] = "Cortex",
            [$"Mla:Rules:Seeds:{Seed}:Metrics:Url"] = cortex.BaseUri.ToString(),
            [$"Mla:Rules:Seeds:{Seed}:Logs:Kind"] = "Loki",
            [$"Mla:Rules:Seeds:{Seed}:Logs:Url"] = loki.BaseUri.ToString(),
            [$"Mla:Rules:Seeds:{Seed}:Alertmanager:Url"] = alertmanager.BaseUri.ToString(),
            ["Mla:Rules:BatchDelay"] = "00:00:00.050",
            ["Mla:Rules:RetryDelay"] = "00:00:00.200",
            ["Mla:Rules:MaxRetryDelay"] = "00:00:01",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddRulesService();
        var app = MlaApplication.Build(builder, a => a.MapRulesService());
        await app.StartAsync();
        return new RulersHarness(app, cortex, loki, alertmanager);
    }

    public void Group(string cluster, string name, string yaml, RuleGroupType type = RuleGroupType.Metrics, string seed = Seed, bool deleted = false) =>
        Desired.Apply(new RuleGroupState(name, cluster, type, yaml), seed, DateTimeOffset.UtcNow, deleted);

    public void Cluster(string cluster, bool monitoring, string seed = Seed, bool deleted = false) =>
        Desired.Apply(new ClusterState(cluster, cluster, seed, "project", "Running", monitoring, false, new Dictionary<string, string>()), DateTimeOffset.UtcNow, deleted);

    public void AlertmanagerConfig(string cluster, string yaml) =>
        Desired.Apply(new AlertmanagerConfigState(cluster, yaml), Seed, DateTimeOffset.UtcNow, deleted: false);

    public SyncStatus? Status(string cluster, string group) => Board.Get(StatusKey.Group(cluster, group));

    /// <summary>Polls until the condition holds (the sync loop runs on its own), for at most 60 s.</summary>
    public static async Task WaitAsync(Func<bool> condition, Func<string> describe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not reached within 60 s: " + describe());
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Cortex.DisposeAsync();
        await Loki.DisposeAsync();
        await Alertmanager.DisposeAsync();
    }
}

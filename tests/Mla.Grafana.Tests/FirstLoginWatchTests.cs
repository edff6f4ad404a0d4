using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mla.Contracts.Projects;
using Mla.Grafana.Sync;
using Mla.Grafana.TestServer;
using Xunit.Abstractions;

namespace Mla.Grafana.Tests;

/// <summary>
/// The first-login watch (auth-proxy mode), on the service as it runs: a member who logs in for the first time joins
/// their project org soon after, not at the next resync (1 h here, so only the watch can cause the run); nobody
/// waiting, it asks Grafana nothing; members waiting but nobody logging in, it asks (one user count an interval) and
/// causes no run.
/// </summary>
public sealed class FirstLoginWatchTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private const string UserSearch = "/api/users/search";

    [Fact]
    public async Task A_waiting_member_who_logs_in_joins_their_project_org_with_their_role_soon_after_not_at_the_next_resync()
    {
        await using var grafana = await StartGrafanaAsync();
        await using var service = await GrafanaServiceHost.StartAsync(grafana, Settings());
        await service.Bus.Publish(new ProjectCreated("e1", "test", T0, Project("p1", "shop", ("ann@example.com", ProjectRole.Owner), ("bob@example.com", ProjectRole.Viewer))));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => service.Status.FirstLoginBaseline.Waiting == 2, Generous), "the sync did not list ann and bob as waiting");
        var lastSuccess = service.Status.LastSuccess;

        await grafana.LogInThroughAuthProxyAsync("ann@example.com");
        var loggedIn = Stopwatch.StartNew();

        var joined = await GrafanaServiceHost.EventuallyAsync(
            () => SyncHarness.DumpOf(grafana) is var dump
                && dump.Contains("member shop-p1 ann@example.com Editor")
                && !dump.Any(l => l.StartsWith("member Main Org. ann@", StringComparison.Ordinal)),
            Generous);
        output.WriteLine($"ann in her project org, out of the main org, {loggedIn.Elapsed.TotalSeconds:0.0} s after her first login");
        Assert.True(joined, "ann did not join shop-p1 as Editor (and leave the main org) after her first login");
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => service.Status.LastSuccess > lastSuccess && service.Status.FirstLoginBaseline.Waiting == 1, Generous));
        Assert.Equal(1, service.Metrics.FirstLoginWakes.Value);
        Assert.DoesNotContain(SyncHarness.DumpOf(grafana), l => l.Contains("bob@", StringComparison.Ordinal)); // still waiting: never created

        // After the run it caused, the count is the new baseline: the watch keeps asking (bob waits) but wakes nothing.
        var runs = service.Status.LastSuccess;
        var searches = grafana.RequestsTo("GET", UserSearch);
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => grafana.RequestsTo("GET", UserSearch) >= searches + 5, Generous));
        Assert.Equal(runs, service.Status.LastSuccess);
        Assert.Equal(1, service.Metrics.FirstLoginWakes.Value);
    }

    [Fact]
    public async Task With_nobody_waiting_the_watch_asks_grafana_nothing()
    {
        await using var grafana = await StartGrafanaAsync();
        await grafana.LogInThroughAuthProxyAsync("ann@example.com");
        await using var service = await GrafanaServiceHost.StartAsync(grafana, Settings());
        await service.Bus.Publish(new ProjectCreated("e1", "test", T0, Project("p1", "shop", ("ann@example.com", ProjectRole.Owner))));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => RunThatSyncedEnded(service, "p1"), Generous), "p1 was not synced");
        Assert.Contains("member shop-p1 ann@example.com Editor", SyncHarness.DumpOf(grafana));
        Assert.Equal(0, service.Status.FirstLoginBaseline.Waiting);
        var requests = grafana.Requests;
        var searches = grafana.RequestsTo("GET", UserSearch);
        var lastSuccess = service.Status.LastSuccess;
        var ticks = service.FirstLoginWatch.Ticks;

        // Five check intervals pass (counted by the watch itself, not slept).
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => service.FirstLoginWatch.Ticks >= ticks + 5, Generous), "the watch did not tick");

        Assert.Equal(searches, grafana.RequestsTo("GET", UserSearch));
        Assert.Equal(requests, grafana.Requests);
        Assert.Equal(lastSuccess, service.Status.LastSuccess);
        Assert.Equal(0, service.Metrics.FirstLoginWakes.Value);
    }

    [Fact]
    public async Task With_members_waiting_but_nobody_logging_in_the_watch_asks_once_an_interval_and_causes_no_sync_run()
    {
        await using var grafana = await StartGrafanaAsync();
        await using var service = await GrafanaServiceHost.StartAsync(grafana, Settings());
        await service.Bus.Publish(new ProjectCreated("e1", "test", T0, Project("p1", "shop", ("ann@example.com", ProjectRole.Owner), ("bob@example.com", ProjectRole.Viewer), ("cy@example.com", ProjectRole.Editor))));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => service.Status.FirstLoginBaseline.Waiting == 3, Generous), "the sync did not list the members as waiting");
        var lastSuccess = service.Status.LastSuccess;
        var writes = grafana.Writes;
        var searches = grafana.RequestsTo("GET", UserSearch);
        var lookups = grafana.RequestsTo("GET", "/api/users/lookup");
        var ticks = service.FirstLoginWatch.Ticks;

        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => grafana.RequestsTo("GET", UserSearch) >= searches + 5, Generous), "the watch did not ask Grafana");

        var asked = grafana.RequestsTo("GET", UserSearch) - searches;
        var intervals = service.FirstLoginWatch.Ticks - ticks;
        Assert.InRange(asked, 5, intervals + 1); // one question an interval however many wait (+1: a question in flight when the ticks were read)
        Assert.Equal(lookups, grafana.RequestsTo("GET", "/api/users/lookup")); // nobody looked up one by one
        Assert.Equal(lastSuccess, service.Status.LastSuccess);
        Assert.Equal(writes, grafana.Writes);
        Assert.Equal(0, service.Metrics.FirstLoginWakes.Value);
    }

    [Fact]
    public async Task The_check_interval_is_validated_and_0_turns_the_watch_off()
    {
        await using var grafana = await StartGrafanaAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GrafanaServiceHost.StartAsync(grafana, Settings("00:00:00.050")));
        Assert.Contains("FirstLoginCheckInterval", error.Message, StringComparison.Ordinal);

        await using var off = await GrafanaServiceHost.StartAsync(grafana, Settings("00:00:00"));
        await off.Bus.Publish(new ProjectCreated("e1", "test", T0, Project("p1", "shop", ("ann@example.com", ProjectRole.Owner))));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => off.Status.FirstLoginBaseline.Waiting == 1, Generous));
        Assert.Equal(0, grafana.RequestsTo("GET", UserSearch)); // off: not even the count before a run
        Assert.Equal(0, off.FirstLoginWatch.Ticks);
    }

    /// <summary>The run that synced <paramref name="project"/> has ended: the last success is not older than the project's sync.</summary>
    private static bool RunThatSyncedEnded(GrafanaServiceHost service, string project) =>
        service.App.Services.GetRequiredService<GrafanaSync>().Status.TryGetValue(project, out var synced)
        && synced.Error is null
        && service.Status.LastSuccess >= synced.At;

    private static Task<GrafanaTestServer> StartGrafanaAsync() =>
        GrafanaTestServer.StartAsync(new GrafanaTestServerOptions { AuthProxyHeaderName = "X-Forwarded-Email" });

    private static Dictionary<string, string?> Settings(string interval = "00:00:00.200") => new()
    {
        ["Mla:Grafana:AuthProxy"] = "true",
        // Only the watch (or an event) can cause a run within a test.
        ["Mla:Grafana:ResyncInterval"] = "01:00:00",
        ["Mla:Grafana:FirstLoginCheckInterval"] = interval,
    };

    private static ProjectState Project(string id, string name, params (string Email, ProjectRole Role)[] members) =>
        new(id, name, [.. members.Select(m => new ProjectMember(m.Email, m.Role))]);
}

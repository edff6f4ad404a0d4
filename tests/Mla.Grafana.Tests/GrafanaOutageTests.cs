using System.Diagnostics;
using System.Net;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Grafana.TestServer;
using Xunit.Abstractions;

namespace Mla.Grafana.Tests;

/// <summary>
/// Grafana down for 60 s in the middle of a sync while events keep arriving: the service backs off, reconnects soon
/// after, converges to the desired state with nothing lost, and an idle resync after it writes nothing. Its own
/// collection: it mostly waits (no CPU), so it runs beside the other test classes.
/// </summary>
[Collection(nameof(GrafanaOutageTests))]
public sealed class GrafanaOutageTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Grafana_down_for_60_seconds_mid_sync_converges_after_with_nothing_lost()
    {
        await using var grafana = await GrafanaTestServer.StartAsync();
        await using var service = await GrafanaServiceHost.StartAsync(grafana, new Dictionary<string, string?>
        {
            // Slow enough that the initial sync is still writing when Grafana goes down.
            ["Mla:Grafana:MaxWritesPerSecond"] = "100",
            ["Mla:Grafana:ResyncInterval"] = "01:00:00",
            // The product default (30 s) would let the test wait up to 30 s after the outage for the next attempt;
            // 4 s keeps it near 70 s while still showing the doubling back-off and its cap.
            ["Mla:Grafana:MaxRetryBackOff"] = "00:00:04",
        });
        await using var reference = await SyncHarness.StartAsync();
        Assert.True(await ReadyAsync(service), "the service did not become ready");

        var events = new List<object>();
        for (var p = 0; p < 40; p++)
        {
            events.Add(new ProjectCreated($"p{p}", "test", T0, Project($"p{p}", $"n{p}", ($"u{p}@example.com", ProjectRole.Editor))));
            events.Add(new ClusterCreated($"c{p}", "test", T0, Cluster($"c{p}", $"p{p}", p % 2 == 0 ? "eu" : "us")));
        }

        await PublishAsync(service, events);
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => grafana.Writes >= 150, TimeSpan.FromSeconds(60)), "the initial sync did not start writing");
        grafana.Down = true;
        var requestsAtDown = grafana.Requests;
        var down = Stopwatch.StartNew();

        // Events keep arriving while Grafana is down: one every 5 s.
        var during = OutageEvents();
        foreach (var change in during)
        {
            await PublishAsync(service, [change]);
            events.Add(change);
            await Task.Delay(Outage / during.Count);
        }

        var requestsWhileDown = grafana.Requests - requestsAtDown;
        grafana.Down = false;
        var writesAtRecovery = grafana.Writes;
        var up = Stopwatch.StartNew();
        Assert.NotNull(service.Status.LastError);

        foreach (var change in events)
        {
            Apply(reference, change);
        }

        await reference.SyncAsync();
        var expected = reference.Dump();
        if (!await GrafanaServiceHost.EventuallyAsync(() => SyncHarness.DumpOf(grafana).SequenceEqual(expected), TimeSpan.FromSeconds(120)))
        {
            // Failed once in ~6 clean-clone runs (cause not found yet): say what differs and where the loop stands.
            var actual = SyncHarness.DumpOf(grafana);
            var missing = expected.Except(actual).Take(10);
            var extra = actual.Except(expected).Take(10);
            Assert.Fail(
                $"Grafana did not converge to the desired state after the outage; status: last error '{service.Status.LastError}', "
                + $"last success {service.Status.LastSuccess:O}; missing: [{string.Join("; ", missing)}]; not wanted: [{string.Join("; ", extra)}]");
        }

        var converged = up.Elapsed;
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => service.Status is { LastError: null, LastSuccess: not null }, TimeSpan.FromSeconds(60)));
        var writesAfterRecovery = grafana.Writes - writesAtRecovery;
        output.WriteLine(
            $"down {down.Elapsed.TotalSeconds:0} s with {requestsWhileDown} requests answered 503; converged {converged.TotalSeconds:0.0} s after recovery with {writesAfterRecovery} writes (an undisturbed sync of the same state: {reference.Grafana.Writes})");

        // Backed off: a handful of attempts in 60 s, not a tight loop; and it kept trying.
        Assert.InRange(requestsWhileDown, 3, 40);
        // Recovery wrote what was missing (the outage's changes and the rest of the interrupted sync), not everything again.
        Assert.InRange(writesAfterRecovery, 1, reference.Grafana.Writes - 1);

        // An idle resync (woken by a stale event that changes nothing) writes nothing.
        var lastSuccess = service.Status.LastSuccess;
        var writes = grafana.Writes;
        await PublishAsync(service, [new ProjectUpdated("stale", "test", T0.AddMinutes(-1), Project("p0", "old"))]);
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => service.Status.LastSuccess > lastSuccess, TimeSpan.FromSeconds(60)), "no resync after the stale event");
        Assert.Equal(0, service.Status.LastWrites);
        Assert.Equal(writes, grafana.Writes);
    }

    /// <summary>Twelve changes: new projects with clusters, renames, a member change, a deleted project, a cluster with MLA switched off.</summary>
    private static List<object> OutageEvents()
    {
        var at = T0.AddMinutes(1);
        return
        [
            new ProjectCreated("e1", "test", at, Project("p40", "late", ("late@example.com", ProjectRole.Owner))),
            new ClusterCreated("e2", "test", at, Cluster("c40", "p40", "us")),
            new ProjectUpdated("e3", "test", at, Project("p1", "renamed1", ("u1@example.com", ProjectRole.Editor))),
            new ProjectMembershipChanged("e4", "test", at, Project("p2", "n2", ("u2@example.com", ProjectRole.Viewer), ("new@example.com", ProjectRole.Editor))),
            new ProjectDeleted("e5", "test", at, Project("p3", "n3")),
            new ClusterUpdated("e6", "test", at, Cluster("c4", "p4", "eu", mla: false)),
            new ClusterDeleted("e7", "test", at, Cluster("c5", "p5", "us")),
            new ProjectUpdated("e8", "test", at, Project("p39", "renamed39", ("u39@example.com", ProjectRole.Editor))),
            new ProjectCreated("e9", "test", at, Project("p41", "later")),
            new ClusterCreated("e10", "test", at, Cluster("c41", "p41", "eu")),
            new ClusterCreated("e11", "test", at, Cluster("c41b", "p41", "us")),
            new ProjectDeleted("e12", "test", at, Project("p38", "n38")),
        ];
    }

    private static void Apply(SyncHarness reference, object change)
    {
        switch (change)
        {
            case ProjectCreated e: reference.Desired.ApplyProject(e.Project, e.OccurredAt); break;
            case ProjectUpdated e: reference.Desired.ApplyProject(e.Project, e.OccurredAt); break;
            case ProjectMembershipChanged e: reference.Desired.ApplyProject(e.Project, e.OccurredAt); break;
            case ProjectDeleted e: reference.Desired.DeleteProject(e.Project.Id, e.OccurredAt); break;
            case ClusterCreated e: reference.Desired.ApplyCluster(e.Cluster, e.OccurredAt); break;
            case ClusterUpdated e: reference.Desired.ApplyCluster(e.Cluster, e.OccurredAt); break;
            case ClusterDeleted e: reference.Desired.DeleteCluster(e.Cluster.Id, e.OccurredAt); break;
            default: throw new ArgumentException($"no reference for {change.GetType().Name}", nameof(change));
        }
    }

    private static async Task PublishAsync(GrafanaServiceHost service, IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            await service.Bus.Publish(e, e.GetType());
        }
    }

    private static async Task<bool> ReadyAsync(GrafanaServiceHost service)
    {
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if ((await http.GetAsync("readyz")).StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static ProjectState Project(string id, string name, params (string Email, ProjectRole Role)[] members) =>
        new(id, name, [.. members.Select(m => new ProjectMember(m.Email, m.Role))]);

    private static ClusterState Cluster(string id, string project, string seed, bool mla = true) =>
        new(id, "cluster " + id, seed, project, "Running", mla, mla, new Dictionary<string, string>());
}

using System.Diagnostics;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Grafana.Api;
using Xunit.Abstractions;

namespace Mla.Grafana.Tests;

/// <summary>The sync against the Grafana contract fake: convergence, idle resync without writes, any event order, changes, outages.</summary>
public sealed class GrafanaSyncTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_thousand_projects_and_ten_thousand_clusters_converge_and_an_idle_resync_makes_no_write()
    {
        await using var harness = await SyncHarness.StartAsync();
        for (var p = 0; p < 2000; p++)
        {
            harness.Desired.ApplyProject(Project($"p{p}", $"project{p}", ($"owner{p}@example.com", ProjectRole.Owner), ($"viewer{p}@example.com", ProjectRole.Viewer)), T0);
            for (var c = 0; c < 5; c++)
            {
                harness.Desired.ApplyCluster(Cluster($"c{p}x{c}", $"p{p}", c % 2 == 0 ? "eu" : "us"), T0);
            }
        }

        var clock = Stopwatch.StartNew();
        await harness.SyncAsync();
        var converge = clock.Elapsed;
        var writes = harness.Grafana.Writes;
        clock.Restart();
        await harness.SyncAsync();
        var resync = clock.Elapsed;

        output.WriteLine($"converge: {converge.TotalSeconds:0.0} s, {writes} writes; idle resync: {resync.TotalSeconds:0.0} s, {harness.Grafana.Writes - writes} writes");
        Assert.Equal(writes, harness.Grafana.Writes);
        var state = harness.Grafana.State;
        Assert.Equal(2000 + 2, state.Orgs.Count); // the main org and MLA Admin
        Assert.Equal((10_000 * 3) + (2 * 3), state.Datasources.Count());
        Assert.Equal((2000 + 1) * 5, state.Dashboards.Count());
        Assert.All(harness.Sync.Status.Values, s => Assert.Null(s.Error));
    }

    [Fact]
    public async Task The_same_events_in_many_random_orders_always_end_in_the_same_state()
    {
        var events = Events();
        IReadOnlyList<string>? expected = null;
        var random = new Random(12);
        for (var round = 0; round < 12; round++)
        {
            await using var harness = await SyncHarness.StartAsync(orgPageSize: 3);
            var order = events.OrderBy(_ => random.Next()).ToList();
            // Syncs between the events: every intermediate state is a start the next sync must converge from.
            foreach (var chunk in order.Chunk(1 + random.Next(4)))
            {
                foreach (var apply in chunk)
                {
                    apply(harness);
                }

                await harness.SyncAsync();
            }

            await harness.SyncAsync();
            var dump = harness.Dump();
            expected ??= dump;
            Assert.Equal(expected, dump);
        }

        Assert.Contains("org shop-p1", expected!);
        Assert.DoesNotContain(expected!, l => l.Contains("-p3", StringComparison.Ordinal)); // deleted (its delete may come first)
        Assert.DoesNotContain(expected!, l => l.Contains("c3", StringComparison.Ordinal)); // MLA switched off
        Assert.Contains(expected!, l => l.StartsWith("datasource shop-p1 prometheus-c1 prometheus-cluster c1 https://mla-eu.example.com/prometheus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rename_member_removal_role_change_admin_flag_and_token_rotation_are_followed()
    {
        await using var harness = await SyncHarness.StartAsync();
        harness.Desired.ApplyProject(Project("p1", "shop", ("ann@example.com", ProjectRole.Owner), ("bob@example.com", ProjectRole.Viewer)), T0);
        harness.Desired.ApplyCluster(Cluster("c1", "p1", "eu"), T0);
        await harness.SyncAsync();
        Assert.Contains("member shop-p1 bob@example.com Viewer", harness.Dump());
        Assert.DoesNotContain(harness.Dump(), l => l.StartsWith("member Main Org. ann", StringComparison.Ordinal));

        harness.Desired.ApplyProject(Project("p1", "webshop", ("ann@example.com", ProjectRole.Viewer)), T0.AddMinutes(1));
        harness.Desired.SetAdmin("root@example.com", true, T0.AddMinutes(1));
        harness.Tokens.Generation = 2;
        await harness.SyncAsync();
        var after = harness.Dump();

        Assert.Contains("org webshop-p1", after);
        Assert.DoesNotContain("org shop-p1", after);
        Assert.Contains("member webshop-p1 ann@example.com Viewer", after);
        Assert.DoesNotContain(after, l => l.Contains("bob@example.com", StringComparison.Ordinal) && l.StartsWith("member webshop", StringComparison.Ordinal));
        Assert.Contains("member webshop-p1 root@example.com Editor", after);
        Assert.Contains("admin root@example.com", after);
        Assert.Contains(after, l => l.StartsWith("datasource webshop-p1 prometheus-c1", StringComparison.Ordinal) && l.EndsWith("Bearer mlar_c1_2", StringComparison.Ordinal));

        harness.Desired.SetAdmin("root@example.com", false, T0.AddMinutes(2));
        await harness.SyncAsync();
        Assert.DoesNotContain("admin root@example.com", harness.Dump());
        Assert.DoesNotContain(harness.Dump(), l => l.StartsWith("member webshop-p1 root@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboards_go_into_every_org_and_the_admin_org_has_one_datasource_set_per_seed()
    {
        await using var harness = await SyncHarness.StartAsync();
        harness.Desired.ApplyProject(Project("p1", "a"), T0);
        harness.Desired.ApplyProject(Project("p2", "b"), T0);
        harness.Desired.ApplyCluster(Cluster("c1", "p1", "eu"), T0);
        harness.Desired.ApplyCluster(Cluster("c2", "p2", "us"), T0);
        harness.Desired.ApplyCluster(Cluster("c3", "p2", "us"), T0);

        await harness.SyncAsync();
        var dump = harness.Dump();

        foreach (var org in new[] { "a-p1", "b-p2", "MLA Admin" })
        {
            Assert.Equal(5, dump.Count(l => l.StartsWith($"dashboard {org} ", StringComparison.Ordinal)));
        }

        var admin = dump.Where(l => l.StartsWith("datasource MLA Admin ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, admin.Count);
        Assert.Contains(admin, l => l.Contains("prometheus-seed-eu", StringComparison.Ordinal) && l.EndsWith("Bearer mlar_admin_eu_1", StringComparison.Ordinal));
        Assert.Contains(admin, l => l.Contains("alertmanager-seed-us", StringComparison.Ordinal) && l.Contains("https://mla-us.example.com/alertmanager", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grafana_down_mid_sync_fails_that_run_and_the_next_run_converges_with_nothing_lost()
    {
        await using var reference = await SyncHarness.StartAsync();
        await using var harness = await SyncHarness.StartAsync();
        foreach (var target in new[] { reference, harness })
        {
            for (var p = 0; p < 40; p++)
            {
                target.Desired.ApplyProject(Project($"p{p}", $"n{p}", ($"u{p}@example.com", ProjectRole.Editor)), T0);
                target.Desired.ApplyCluster(Cluster($"c{p}", $"p{p}", "eu"), T0);
            }
        }

        await reference.SyncAsync();
        using var stop = new CancellationTokenSource();
        var outage = Task.Run(async () =>
        {
            while (harness.Grafana.Writes < 200 && !stop.IsCancellationRequested)
            {
                await Task.Yield();
            }

            harness.Grafana.Down = true;
        });
        await Assert.ThrowsAsync<GrafanaUnavailableException>(harness.SyncAsync);
        await outage;
        Assert.NotEqual(reference.Dump(), harness.Dump());

        // Still down: the next run fails too and changes nothing; then Grafana is back and one run converges.
        await Assert.ThrowsAsync<GrafanaUnavailableException>(harness.SyncAsync);
        harness.Grafana.Down = false;
        await harness.SyncAsync();

        Assert.Equal(reference.Dump(), harness.Dump());
        var writes = harness.Grafana.Writes;
        await harness.SyncAsync();
        Assert.Equal(writes, harness.Grafana.Writes);
    }

    [Fact]
    public async Task A_run_cut_after_any_one_of_its_writes_is_healed_by_the_next_run()
    {
        // The reference: the first state synced, then the changes synced, undisturbed.
        await using var reference = await SyncHarness.StartAsync();
        FirstState(reference);
        await reference.SyncAsync();
        var firstWrites = reference.Grafana.Writes;
        var afterFirst = reference.Dump();
        Changes(reference);
        await reference.SyncAsync();
        var changeWrites = reference.Grafana.Writes - firstWrites;
        var afterChanges = reference.Dump();
        Assert.True(firstWrites > 20 && changeWrites > 5, $"too few writes to cut: {firstWrites} and {changeWrites}");

        // Grafana goes down right after the k-th write of a run, for every k; the next run must end where the reference did.
        foreach (var (changes, writes, expected) in new[] { (false, firstWrites, afterFirst), (true, changeWrites, afterChanges) })
        {
            for (var k = 1; k <= writes; k++)
            {
                await using var harness = await SyncHarness.StartAsync();
                FirstState(harness);
                if (changes)
                {
                    await harness.SyncAsync();
                    Changes(harness);
                }

                harness.Grafana.DownAfterWrite = harness.Grafana.Writes + k;
                var cut = await Record.ExceptionAsync(harness.SyncAsync);
                Assert.True(cut is null or GrafanaUnavailableException, $"cut after write {k}: {cut}");
                harness.Grafana.DownAfterWrite = null;
                harness.Grafana.Down = false;

                await harness.SyncAsync();
                var actual = harness.Dump();
                Assert.True(
                    expected.SequenceEqual(actual),
                    $"{(changes ? "changes" : "first")} run cut after write {k} of {writes}: missing [{string.Join("; ", expected.Except(actual))}], not wanted [{string.Join("; ", actual.Except(expected))}]");
                var before = harness.Grafana.Writes;
                await harness.SyncAsync();
                Assert.Equal(before, harness.Grafana.Writes);
            }
        }

        output.WriteLine($"cut after each of {firstWrites} writes of a first sync and {changeWrites} writes of a sync of changes: every next run converged");
    }

    /// <summary>Three projects with shared members, clusters on two seeds, a KKP admin.</summary>
    private static void FirstState(SyncHarness h)
    {
        h.Desired.ApplyProject(Project("p1", "web", ("ann@example.com", ProjectRole.Owner), ("bob@example.com", ProjectRole.Viewer)), T0);
        h.Desired.ApplyProject(Project("p2", "data", ("cid@example.com", ProjectRole.Editor), ("ann@example.com", ProjectRole.Viewer)), T0);
        h.Desired.ApplyProject(Project("p3", "gone", ("dan@example.com", ProjectRole.Editor)), T0);
        h.Desired.ApplyCluster(Cluster("c1", "p1", "eu"), T0);
        h.Desired.ApplyCluster(Cluster("c2", "p2", "us"), T0);
        h.Desired.ApplyCluster(Cluster("c3", "p3", "eu"), T0);
        h.Desired.SetAdmin("root@example.com", true, T0);
    }

    /// <summary>A rename, a member removed and one added, a deleted project, MLA switched off, a new cluster, the admin flag moved.</summary>
    private static void Changes(SyncHarness h)
    {
        var at = T0.AddMinutes(1);
        h.Desired.ApplyProject(Project("p1", "shop", ("ann@example.com", ProjectRole.Owner), ("eve@example.com", ProjectRole.Editor)), at);
        h.Desired.DeleteProject("p3", at);
        h.Desired.ApplyCluster(Cluster("c2", "p2", "us", mla: false), at);
        h.Desired.ApplyCluster(Cluster("c4", "p2", "eu"), at);
        h.Desired.SetAdmin("root@example.com", false, at);
        h.Desired.SetAdmin("cid@example.com", true, at);
    }

    /// <summary>Projects, members, clusters, a rename, a deleted project and a cluster with MLA off, each an event at its own time.</summary>
    private static List<Action<SyncHarness>> Events() =>
    [
        h => h.Desired.ApplyProject(Project("p1", "web", ("ann@example.com", ProjectRole.Owner)), T0),
        h => h.Desired.ApplyProject(Project("p1", "shop", ("ann@example.com", ProjectRole.Owner), ("bob@example.com", ProjectRole.Viewer)), T0.AddMinutes(1)),
        h => h.Desired.ApplyProject(Project("p2", "data", ("cid@example.com", ProjectRole.Editor)), T0),
        h => h.Desired.ApplyProject(Project("p3", "gone"), T0),
        h => h.Desired.DeleteProject("p3", T0.AddMinutes(2)),
        h => h.Desired.ApplyCluster(Cluster("c1", "p1", "eu"), T0),
        h => h.Desired.ApplyCluster(Cluster("c2", "p2", "us"), T0),
        h => h.Desired.ApplyCluster(Cluster("c3", "p2", "us"), T0),
        h => h.Desired.ApplyCluster(Cluster("c3", "p2", "us", mla: false), T0.AddMinutes(1)),
        h => h.Desired.ApplyCluster(Cluster("c4", "p3", "eu"), T0),
        h => h.Desired.SetAdmin("root@example.com", true, T0),
    ];

    private static ProjectState Project(string id, string name, params (string Email, ProjectRole Role)[] members) =>
        new(id, name, [.. members.Select(m => new ProjectMember(m.Email, m.Role))]);

    private static ClusterState Cluster(string id, string project, string seed, bool mla = true) =>
        new(id, "cluster " + id, seed, project, "Running", mla, mla, new Dictionary<string, string>());
}

using System.Diagnostics;
using Mla.Contracts.Rules;
using Xunit.Abstractions;

namespace Mla.Rules.Tests.Rulers;

public sealed class RulerSyncTests(ITestOutputHelper output)
{
    private const string GroupA = "name: a\nrules:\n  - alert: A\n    expr: up == 0\n";
    private const string GroupB = "name: b\nrules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n";

    [Fact]
    public async Task Groups_are_created_updated_and_deleted_only_on_a_difference()
    {
        await using var harness = await RulersHarness.StartAsync();
        harness.Group("c1", "a", GroupA);
        harness.Group("c1", "b", GroupB);
        await RulersHarness.WaitAsync(() => harness.Status("c1", "a")?.State == RuleGroupSyncStatus.Synced && harness.Status("c1", "b")?.State == RuleGroupSyncStatus.Synced, () => "not synced");
        Assert.Equal(["a", "b"], harness.Cortex.Groups("c1"));
        Assert.Equal(2, harness.Cortex.Count("POST"));

        // Idle: GETs only.
        await harness.Synchronizer.RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, harness.Cortex.Writes);

        harness.Group("c1", "a", GroupA.Replace("up == 0", "up == 2", StringComparison.Ordinal));
        await RulersHarness.WaitAsync(() => harness.Cortex.Group("c1", "a")?.Contains("up == 2", StringComparison.Ordinal) == true, () => harness.Cortex.Group("c1", "a") ?? "none");
        Assert.Equal(3, harness.Cortex.Count("POST"));

        harness.Group("c1", "b", string.Empty, deleted: true);
        await RulersHarness.WaitAsync(() => harness.Cortex.Groups("c1").SequenceEqual(["a"]) && harness.Status("c1", "b") is null, () => string.Join(",", harness.Cortex.Groups("c1")));
        Assert.Equal(1, harness.Cortex.Count("DELETE"));
    }

    [Fact]
    public async Task A_rejected_group_is_Invalid_with_the_rulers_reason_and_a_logs_group_goes_to_Loki()
    {
        await using var harness = await RulersHarness.StartAsync();
        harness.Group("c1", "bad", "name: bad\nrules:\n  - alert: Bad\n    expr: sum(up\n");
        harness.Group("c1", "logs", "name: logs\nrules:\n  - alert: Errors\n    expr: sum(rate({app=\"x\"} |= \"error\" [5m])) > 0\n", RuleGroupType.Logs);
        harness.Group("c2", "logs", "name: logs\nrules:\n  - alert: Errors\n    expr: vector(1)\n", RuleGroupType.Logs, seed: RulersHarness.BareSeed);
        await RulersHarness.WaitAsync(
            () => harness.Status("c1", "bad")?.State == RuleGroupSyncStatus.Invalid && harness.Status("c1", "logs")?.State == RuleGroupSyncStatus.Synced && harness.Status("c2", "logs") is not null,
            () => $"{harness.Status("c1", "bad")} {harness.Status("c1", "logs")}");
        Assert.Contains("could not parse expression", harness.Status("c1", "bad")!.Reason, StringComparison.Ordinal);
        Assert.Equal(["logs"], harness.Loki.Groups("c1"));
        Assert.Empty(harness.Cortex.Groups("c1"));

        // A signal without a backend for its seed: Failed with the reason, never dropped silently.
        var bare = harness.Status("c2", "logs")!;
        Assert.Equal(RuleGroupSyncStatus.Failed, bare.State);
        Assert.Contains($"no logs ruler is configured for seed '{RulersHarness.BareSeed}'", bare.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_that_is_down_shows_Failed_and_is_retried_until_it_is_back()
    {
        await using var harness = await RulersHarness.StartAsync();
        harness.Cortex.Down = true;
        harness.Group("c1", "a", GroupA);
        await RulersHarness.WaitAsync(() => harness.Status("c1", "a")?.State == RuleGroupSyncStatus.Failed, () => $"{harness.Status("c1", "a")}");
        Assert.Contains("503", harness.Status("c1", "a")!.Reason, StringComparison.Ordinal);
        var failedCalls = harness.Cortex.Count("GET");
        await RulersHarness.WaitAsync(() => harness.Cortex.Count("GET") > failedCalls, () => "no retry");

        harness.Cortex.Down = false;
        await RulersHarness.WaitAsync(() => harness.Status("c1", "a")?.State == RuleGroupSyncStatus.Synced, () => $"{harness.Status("c1", "a")}");
        Assert.Equal(["a"], harness.Cortex.Groups("c1"));
    }

    [Fact]
    public async Task Switching_MLA_off_or_deleting_the_cluster_removes_its_groups_and_Alertmanager_configuration()
    {
        await using var harness = await RulersHarness.StartAsync();
        harness.Group("c1", "a", GroupA);
        harness.Group("c2", "a", GroupA);
        harness.AlertmanagerConfig("c2", "route:\n  receiver: team\nreceivers:\n  - name: team\n");
        await RulersHarness.WaitAsync(
            () => harness.Cortex.Groups("c1").Count == 1 && harness.Cortex.Groups("c2").Count == 1 && harness.Alertmanager.Config("c2")?.Contains("team", StringComparison.Ordinal) == true && harness.Alertmanager.Config("c1") is not null,
            () => "not synced");

        // Until the user sets one, a cluster has KKP's null receiver.
        Assert.Contains("receiver: \"null\"", harness.Alertmanager.Config("c1"), StringComparison.Ordinal);

        harness.Cluster("c1", monitoring: false);
        harness.Cluster("c2", monitoring: true, deleted: true);
        await RulersHarness.WaitAsync(
            () => harness.Cortex.Groups("c1").Count == 0 && harness.Cortex.Groups("c2").Count == 0 && harness.Alertmanager.Config("c1") is null && harness.Alertmanager.Config("c2") is null,
            () => "not removed");
        Assert.Null(harness.Status("c1", "a"));
    }

    [Fact]
    public async Task A_thousand_clusters_with_the_default_groups_converge_then_an_idle_resync_writes_nothing()
    {
        await using var harness = await RulersHarness.StartAsync(new() { ["Mla:Rules:ResyncInterval"] = "01:00:00", ["Mla:Rules:Concurrency"] = "16" });
        const int Clusters = 1000;
        var groups = Enumerable.Range(1, 6).Select(i => ($"default-{i}", $"name: default-{i}\nrules:\n  - alert: Default{i}\n    expr: up == {i}\n")).ToList();
        var clock = Stopwatch.StartNew();
        for (var c = 0; c < Clusters; c++)
        {
            foreach (var (name, yaml) in groups)
            {
                harness.Group($"cluster-{c:D4}", name, yaml);
            }
        }

        await RulersHarness.WaitAsync(
            () => harness.Cortex.TenantCount == Clusters && harness.Cortex.Count("POST") >= Clusters * groups.Count && harness.Status("cluster-0999", "default-6")?.State == RuleGroupSyncStatus.Synced,
            () => $"{harness.Cortex.TenantCount} tenants, {harness.Cortex.Count("POST")} POSTs");
        var converged = clock.Elapsed;
        var writes = harness.Cortex.Writes + harness.Alertmanager.Writes;
        Assert.Equal(Clusters * groups.Count, harness.Cortex.Count("POST"));

        clock.Restart();
        await harness.Synchronizer.RunOnceAsync(CancellationToken.None);
        var idle = clock.Elapsed;
        Assert.Equal(writes, harness.Cortex.Writes + harness.Alertmanager.Writes);
        output.WriteLine($"{Clusters} clusters x {groups.Count} groups converged in {converged.TotalSeconds:0.0} s ({writes} writes incl. {Clusters} Alertmanager configurations); an idle resync took {idle.TotalSeconds:0.0} s with 0 writes");
    }
}

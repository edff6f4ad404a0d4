using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mla.Contracts.Clusters;
using Mla.Contracts.Rules;
using Mla.Rules.Defaults;
using Mla.Rules.Desired;
using Mla.Rules.Groups;
using Mla.Rules.VmAlert;

namespace Mla.Rules.Tests.VmAlert;

public sealed class DefaultRuleGroupsTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "rule-groups");

    [Fact]
    public async Task Every_shipped_default_group_is_valid_and_passes_vmalert_dry_run()
    {
        using var desired = new DesiredRules();
        using var defaults = new DefaultRuleGroups(Options.Create(new RulesOptions { DefaultsDirectory = Shipped }), desired, NullLogger<DefaultRuleGroups>.Instance);
        var templates = defaults.Load();
        Assert.Equal(
            ["agent-remote-write", "log-ingestion-errors", "node-pressure", "pods-restarting", "target-down", "watchdog"],
            templates.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var (_, name, yaml) in templates)
        {
            var (definition, error) = RuleGroupParser.Parse(name, yaml);
            Assert.True(error is null, $"{name}: {error}");
            var check = await Tools.DryRunAsync(VmAlertRuleFile.Render("tenanta", definition!));
            Assert.True(check.Valid, $"{name}: {check.Output}");
        }
    }

    [Fact]
    public void Defaults_reach_known_clusters_with_the_signal_on_and_a_clusters_own_group_wins()
    {
        var directory = Directory.CreateTempSubdirectory("mla-defaults-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "metrics"));
            File.WriteAllText(Path.Combine(directory, "metrics", "watchdog.yaml"), "name: watchdog\nrules:\n  - alert: Watchdog\n    expr: vector(1)\n");
            File.WriteAllText(Path.Combine(directory, "metrics", "other.yaml"), "name: other\nrules:\n  - alert: Other\n    expr: vector(1)\n");
            using var desired = new DesiredRules();
            using var defaults = new DefaultRuleGroups(Options.Create(new RulesOptions { DefaultsDirectory = directory }), desired, NullLogger<DefaultRuleGroups>.Instance);
            var now = DateTimeOffset.UtcNow;
            desired.Apply(Cluster("on", monitoring: true), now, deleted: false);
            desired.Apply(Cluster("off", monitoring: false), now, deleted: false);
            desired.Apply(new RuleGroupState("other", "on", RuleGroupType.Metrics, "name: other\nrules:\n  - alert: Mine\n    expr: vector(2)\n"), "s", now, deleted: false);
            desired.Apply(new RuleGroupState("g", "unknown", RuleGroupType.Metrics, "name: g\nrules:\n  - alert: G\n    expr: vector(1)\n"), "s", now, deleted: false);

            var clusters = defaults.Apply(desired.Snapshot()).ToDictionary(c => c.ClusterId);
            Assert.Equal(["other", "watchdog"], clusters["on"].Groups.Select(g => g.Id));
            Assert.Contains("Mine", clusters["on"].Groups[0].Yaml, StringComparison.Ordinal);
            Assert.Empty(clusters["off"].Groups);
            Assert.Equal(["g"], clusters["unknown"].Groups.Select(g => g.Id));

            // A changed template reaches every cluster at the next pass.
            File.WriteAllText(Path.Combine(directory, "metrics", "watchdog.yaml"), "name: watchdog\nrules:\n  - alert: Watchdog\n    expr: vector(3)\n");
            Assert.Contains("vector(3)", defaults.Apply(desired.Snapshot()).Single(c => c.ClusterId == "on").Groups.Single(g => g.Id == "watchdog").Yaml, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ClusterState Cluster(string id, bool monitoring) =>
        new(id, id, "s", "p", "Running", monitoring, false, new Dictionary<string, string>());
}

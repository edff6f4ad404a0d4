using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mla.IntegrationTests.Support;
using Mla.Rules.Alertmanager;
using Mla.Rules.VmAlert;
using Mla.TestSupport.Processes;

namespace Mla.IntegrationTests.Rules;

/// <summary>
/// Real end to end: events on RabbitMQ → Mla.Rules → vmalert rule files and the composed Alertmanager configuration
/// → vmalert evaluates against VictoriaMetrics, records into it and notifies the Alertmanager → webhook receivers.
/// </summary>
[Collection(RulesCollection.Name)]
public sealed class RulesIsolationTests(RulesServers servers) : IAsyncLifetime
{
    private static readonly TimeSpan AlertDeadline = TimeSpan.FromSeconds(90);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private RulesTestApp _app = null!;

    public async Task InitializeAsync() => _app = await RulesTestApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Each_tenant_gets_only_its_own_alerts_records_only_under_itself_and_cannot_read_others_data()
    {
        var (a, b) = ($"ta{_run}", $"tb{_run}");
        var metric = $"mla_rules_e2e_up_{_run}";
        await servers.VictoriaMetrics.ImportPrometheusAsync($"{metric}{{tenant=\"{a}\",job=\"demo\"}} 1\n{metric}{{tenant=\"{b}\",job=\"demo\"}} 1\n");
        await using var ra = new WebhookReceiver();
        await using var rb = new WebhookReceiver();

        foreach (var (tenant, other, receiver) in new[] { (a, b, ra), (b, a, rb) })
        {
            await _app.PublishAlertmanagerAsync(tenant, RulesTestApp.WebhookConfig("team", receiver.Url));
            await _app.PublishGroupAsync(tenant, "e2e", $$"""
                name: e2e
                rules:
                  - alert: E2eUp
                    expr: {{metric}} == 1
                  - alert: ReadsOther
                    expr: {{metric}}{tenant="{{other}}"} == 1
                  - record: {{metric}}_recorded
                    expr: sum({{metric}})
                """);
        }

        await _app.WaitForGroupAsync(a, "e2e", "Synced");
        await _app.WaitForGroupAsync(b, "e2e", "Synced");
        await _app.WaitForAlertmanagerAsync(a, "Synced");
        await _app.WaitForAlertmanagerAsync(b, "Synced");

        await Eventually.WaitAsync(
            () => Task.FromResult((ra.Alerts, rb.Alerts)),
            r => r.Item1.Any(l => l["alertname"] == "E2eUp") && r.Item2.Any(l => l["alertname"] == "E2eUp"),
            AlertDeadline,
            r => $"RA got [{Describe(r.Item1)}], RB got [{Describe(r.Item2)}]");

        // One evaluation of the group fires all its alerts together, and one notification carries the group:
        // had ReadsOther fired, it would be here.
        Assert.All(ra.Alerts, l => Assert.Equal(a, l["tenant"]));
        Assert.All(rb.Alerts, l => Assert.Equal(b, l["tenant"]));
        Assert.DoesNotContain(ra.Alerts.Concat(rb.Alerts), l => l["alertname"] == "ReadsOther");
        var held = await servers.Alertmanager.AlertsAsync();
        Assert.DoesNotContain(held, l => l.GetValueOrDefault("alertname") == "ReadsOther" && (l["tenant"] == a || l["tenant"] == b));

        // The recorded series: sum over the tenant's own series only (1, not 2), stored under its tenant.
        var recorded = $"{metric}_recorded";
        var underA = await Eventually.WaitAsync(
            () => servers.VictoriaMetrics.QueryAsync(recorded, extraLabel: $"tenant={a}"),
            r => r.Count == 1,
            AlertDeadline,
            r => $"{r.Count} series of {recorded} under {a}");
        Assert.Equal(1, underA[0].Value);
        Assert.Equal(a, underA[0].Labels["tenant"]);
        var all = await Eventually.WaitAsync(
            () => servers.VictoriaMetrics.QueryAsync(recorded),
            r => r.Count == 2,
            AlertDeadline,
            r => $"{r.Count} series of {recorded}");
        Assert.Equal([a, b], all.Select(s => s.Labels["tenant"]).Order(StringComparer.Ordinal));
        Assert.All(all, s => Assert.Equal(1, s.Value));
    }

    [Fact]
    public async Task A_tenant_configuration_that_tries_to_catch_other_tenants_alerts_still_receives_only_its_own()
    {
        var (mallory, victim) = ($"tm{_run}", $"tv{_run}");
        var metric = $"mla_rules_trick_up_{_run}";
        await servers.VictoriaMetrics.ImportPrometheusAsync($"{metric}{{tenant=\"{mallory}\"}} 1\n{metric}{{tenant=\"{victim}\"}} 1\n");
        await using var rm = new WebhookReceiver();
        await using var rv = new WebhookReceiver();

        await _app.PublishAlertmanagerAsync(victim, RulesTestApp.WebhookConfig("team", rv.Url));

        // Every trick: top-level matchers for anything, continue at every level, a child route for the victim's
        // tenant, a receiver named like the victim's, and a rule whose result claims the victim's tenant.
        await _app.PublishAlertmanagerAsync(mallory, $"""
            route:
              receiver: team
              group_wait: 1s
              group_interval: 1s
              matchers: ['tenant=~".+"']
              continue: true
              routes:
                - receiver: team
                  matchers: ['tenant="{victim}"']
                  continue: true
                - receiver: {victim}/team
            receivers:
              - name: team
                webhook_configs:
                  - url: {rm.Url}
              - name: {victim}/team
                webhook_configs:
                  - url: {rm.Url}
            """);
        await _app.PublishGroupAsync(mallory, "trick", $"""
            name: trick
            labels:
              tenant: {victim}
            rules:
              - alert: Claimed
                expr: label_replace({metric}, "tenant", "{victim}", "", "")
                labels:
                  tenant: {victim}
              - alert: Own
                expr: {metric} == 1
            """);
        await _app.PublishGroupAsync(victim, "own", $"""
            name: own
            rules:
              - alert: VictimOwn
                expr: {metric} == 1
            """);
        await _app.WaitForAlertmanagerAsync(mallory, "Synced");
        await _app.WaitForGroupAsync(mallory, "trick", "Synced");
        await _app.WaitForGroupAsync(victim, "own", "Synced");

        await Eventually.WaitAsync(
            () => Task.FromResult((rm.Alerts, rv.Alerts)),
            r => r.Item1.Any(l => l["alertname"] == "Own") && r.Item2.Any(l => l["alertname"] == "VictimOwn"),
            AlertDeadline,
            r => $"mallory got [{Describe(r.Item1)}], the victim got [{Describe(r.Item2)}]");
        Assert.All(rm.Alerts, l => Assert.Equal(mallory, l["tenant"]));
        Assert.All(rv.Alerts, l => Assert.Equal(victim, l["tenant"]));
        Assert.DoesNotContain(rv.Alerts, l => l["alertname"] is "Claimed" or "Own");
    }

    [Fact]
    public async Task An_invalid_group_is_Invalid_with_the_reason_nothing_is_reloaded_and_every_group_keeps_running()
    {
        var (tenant, other) = ($"ti{_run}", $"to{_run}");
        const string Valid = "name: g\nrules:\n  - record: mla_rules_invalid_test\n    expr: vector(1)\n";
        await _app.PublishGroupAsync(tenant, "g", Valid);
        await _app.PublishGroupAsync(other, "g", Valid);
        await _app.WaitForGroupAsync(tenant, "g", "Synced");
        await _app.WaitForGroupAsync(other, "g", "Synced");
        await WaitForGroupsAsync($"{tenant}/g", $"{other}/g");
        var path = Path.Combine(servers.VmAlert.RulesDirectory, VmAlertRuleFile.FileName(tenant, "g"));
        var before = await File.ReadAllTextAsync(path);
        var reloads = _app.Metrics.Reloads.WithLabels(VmAlertRuleSync.Backend).Value;

        await _app.PublishGroupAsync(tenant, "g", "name: g\nrules:\n  - alert: Broken\n    expr: sum(rate(\n");
        var invalid = await _app.WaitForGroupAsync(tenant, "g", "Invalid");
        Assert.Contains("bad prometheus expr", invalid.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(servers.VmAlert.RulesDirectory, invalid.GetProperty("reason").GetString(), StringComparison.Ordinal);

        await _app.PublishGroupAsync(tenant, "structure", "name: structure\nparams:\n  extra_label: [\"tenant=someone\"]\nrules:\n  - record: x\n    expr: up\n");
        var refused = await _app.WaitForGroupAsync(tenant, "structure", "Invalid");
        Assert.Contains("'params' is set by MLA", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // A full pass more, so nothing is still on its way: no reload, the last valid file and both groups still run.
        await _app.Synchronizer.RunOnceAsync(CancellationToken.None);
        Assert.Equal(reloads, _app.Metrics.Reloads.WithLabels(VmAlertRuleSync.Backend).Value);
        Assert.Equal(before, await File.ReadAllTextAsync(path));
        await WaitForGroupsAsync($"{tenant}/g", $"{other}/g");
        Assert.Equal("Synced", (await _app.WaitForGroupAsync(other, "g", "Synced")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Deleted_groups_and_switched_off_clusters_are_removed_and_an_idle_resync_writes_nothing()
    {
        var tenant = $"td{_run}";
        await _app.PublishGroupAsync(tenant, "one", "name: one\nrules:\n  - record: mla_rules_delete_one\n    expr: vector(1)\n");
        await _app.PublishGroupAsync(tenant, "two", "name: two\nrules:\n  - record: mla_rules_delete_two\n    expr: vector(1)\n");
        await _app.PublishAlertmanagerAsync(tenant, RulesTestApp.WebhookConfig("team", "http://127.0.0.1:9/hook"));
        await _app.WaitForGroupAsync(tenant, "one", "Synced");
        await _app.WaitForGroupAsync(tenant, "two", "Synced");
        await _app.WaitForAlertmanagerAsync(tenant, "Synced");
        await WaitForGroupsAsync($"{tenant}/one", $"{tenant}/two");

        // Idle: a resync compares everything and changes nothing.
        await _app.Synchronizer.RunOnceAsync(CancellationToken.None);
        var changes = _app.Metrics.Changes(VmAlertRuleSync.Backend) + _app.Metrics.Changes(AlertmanagerConfigSync.Backend);
        var reloads = _app.Metrics.Reloads.WithLabels(VmAlertRuleSync.Backend).Value + _app.Metrics.Reloads.WithLabels(AlertmanagerConfigSync.Backend).Value;
        await _app.Synchronizer.RunOnceAsync(CancellationToken.None);
        Assert.Equal(changes, _app.Metrics.Changes(VmAlertRuleSync.Backend) + _app.Metrics.Changes(AlertmanagerConfigSync.Backend));
        Assert.Equal(reloads, _app.Metrics.Reloads.WithLabels(VmAlertRuleSync.Backend).Value + _app.Metrics.Reloads.WithLabels(AlertmanagerConfigSync.Backend).Value);

        await _app.Bus.Publish(new Mla.Contracts.Rules.RuleGroupDeleted(Guid.NewGuid().ToString(), "urn:test", DateTimeOffset.UtcNow,
            new Mla.Contracts.Rules.RuleGroupState("one", tenant, Mla.Contracts.Rules.RuleGroupType.Metrics, string.Empty), "seed-test"));
        await Eventually.WaitAsync(
            () => servers.VmAlert.GroupNamesAsync(),
            names => !names.Contains($"{tenant}/one") && names.Contains($"{tenant}/two"),
            TimeSpan.FromSeconds(60),
            names => $"vmalert runs [{string.Join(", ", names)}]");
        using (var gone = await _app.Http.GetAsync(new Uri($"/api/v1/clusters/{tenant}/rulegroups/one", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        }

        // MLA switched off: the rest goes, and the tenant's sub-tree leaves the Alertmanager's running configuration.
        Assert.Contains($"receiver: {tenant}/team", await servers.Alertmanager.RunningConfigAsync(), StringComparison.Ordinal);
        await _app.Bus.Publish(new Mla.Contracts.Clusters.ClusterUpdated(Guid.NewGuid().ToString(), "urn:test", DateTimeOffset.UtcNow,
            new Mla.Contracts.Clusters.ClusterState(tenant, tenant, "seed-test", "project", "Running", false, false, new Dictionary<string, string>())));
        await Eventually.WaitAsync(
            () => servers.VmAlert.GroupNamesAsync(),
            names => !names.Any(n => n.StartsWith(tenant + "/", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            names => $"vmalert runs [{string.Join(", ", names)}]");
        await Eventually.WaitAsync(
            () => servers.Alertmanager.RunningConfigAsync(),
            config => !config.Contains(tenant, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            _ => $"the Alertmanager still routes {tenant}");
        Assert.Empty(Directory.GetFiles(servers.VmAlert.RulesDirectory, tenant + ".*"));
        using var list = await _app.Http.GetAsync(new Uri($"/api/v1/clusters/{tenant}/rulegroups", UriKind.Relative));
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Every_composed_configuration_passes_amtool_and_every_rule_file_vmalert_dry_run()
    {
        var tenant = $"tc{_run}";
        await _app.PublishGroupAsync(tenant, "checked", "name: checked\nrules:\n  - alert: Checked\n    expr: vector(1)\n    for: 1m\n");
        await _app.PublishAlertmanagerAsync(tenant, RulesTestApp.WebhookConfig("team", "http://127.0.0.1:9/hook"));
        await _app.WaitForGroupAsync(tenant, "checked", "Synced");
        await _app.WaitForAlertmanagerAsync(tenant, "Synced");

        var amtool = await Command.RunAsync("/usr/bin/amtool", ["check-config", servers.Alertmanager.ConfigPath], TimeSpan.FromSeconds(30));
        Assert.Contains("SUCCESS", amtool, StringComparison.Ordinal);
        var files = Directory.GetFiles(servers.VmAlert.RulesDirectory, "*" + VmAlertRuleFile.Suffix);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            await Command.RunAsync("/usr/bin/vmalert", ["-dryRun", $"-rule={file}"], TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_tenants_templates_are_written_under_its_own_name_and_the_running_Alertmanager_loads_them()
    {
        var tenant = $"tt{_run}";
        await _app.PublishAlertmanagerAsync(tenant, """
            template_files:
              msg.tmpl: '{{ define "msg" }}rendered for the tenant{{ end }}'
            alertmanager_config: |
              templates: ['msg.tmpl']
              route:
                receiver: team
              receivers:
                - name: team
                  webhook_configs:
                    - url: http://127.0.0.1:9/hook
                - name: chat
                  slack_configs:
                    - api_url: http://127.0.0.1:9/slack
                      channel: '#alerts'
                      title: '{{ template "msg" . }}'
            """);
        await _app.WaitForAlertmanagerAsync(tenant, "Synced");

        var templates = Path.Combine(AlertmanagerConfigSync.TemplatesDirectory(servers.Alertmanager.ConfigPath), tenant);
        await Eventually.WaitAsync(
            () => servers.Alertmanager.RunningConfigAsync(),
            config => config.Contains($"{tenant}/msg", StringComparison.Ordinal) && config.Contains(templates, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            config => $"the running configuration lacks {tenant}'s templates: {config}");
        var amtool = await Command.RunAsync("/usr/bin/amtool", ["check-config", servers.Alertmanager.ConfigPath], TimeSpan.FromSeconds(30));
        Assert.Contains("SUCCESS", amtool, StringComparison.Ordinal);
        var rendered = await Command.RunAsync("/usr/bin/amtool", ["template", "render", $"--template.glob={Path.Combine(templates, "*.tmpl")}", $"--template.text={{{{ template \"{tenant}/msg\" . }}}}"], TimeSpan.FromSeconds(30));
        Assert.Equal("rendered for the tenant", rendered.Trim());
    }

    [Fact]
    public async Task A_burst_of_groups_is_one_reload_and_every_status_change_is_published_as_RuleGroupSynced()
    {
        var tenant = $"tr{_run}";
        await using var listener = await Webhooks.BusEventListener.StartAsync(servers.RabbitMq.AmqpUri);
        var desired = _app.App.Services.GetRequiredService<Mla.Rules.Desired.DesiredRules>();
        var reloads = _app.Metrics.Reloads.WithLabels(VmAlertRuleSync.Backend).Value;
        const int Groups = 10;
        for (var i = 0; i < Groups; i++)
        {
            desired.Apply(
                new Mla.Contracts.Rules.RuleGroupState($"burst-{i}", tenant, Mla.Contracts.Rules.RuleGroupType.Metrics, $"name: burst-{i}\nrules:\n  - record: mla_rules_burst_{i}\n    expr: vector(1)\n"),
                "seed-test",
                DateTimeOffset.UtcNow,
                deleted: false);
        }

        for (var i = 0; i < Groups; i++)
        {
            await _app.WaitForGroupAsync(tenant, $"burst-{i}", "Synced");
        }

        // One pass took the burst (a pass already under way when it began may add one more): never one per group.
        var made = _app.Metrics.Reloads.WithLabels(VmAlertRuleSync.Backend).Value - reloads;
        Assert.InRange(made, 1, 2);

        var synced = await listener.WaitForAsync(e => e.Type == nameof(Mla.Contracts.Rules.RuleGroupSynced)
            && e.Message.GetProperty("clusterId").GetString() == tenant && e.Message.GetProperty("ruleGroup").GetString() == "burst-9"
            && e.Message.GetProperty("status").ToString() is "Synced" or "1");
        Assert.False(synced.Message.GetProperty("isAlertmanagerConfig").GetBoolean());
    }

    /// <summary>Waits until vmalert runs every one of <paramref name="groups"/> (after its reload).</summary>
    private Task<IReadOnlyList<string>> WaitForGroupsAsync(params string[] groups) => Eventually.WaitAsync(
        () => servers.VmAlert.GroupNamesAsync(),
        names => groups.All(names.Contains),
        TimeSpan.FromSeconds(60),
        names => $"vmalert runs [{string.Join(", ", names)}], not all of [{string.Join(", ", groups)}]");

    private static string Describe(IEnumerable<IReadOnlyDictionary<string, string>> alerts) =>
        string.Join("; ", alerts.Select(l => string.Join(",", l.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))));
}

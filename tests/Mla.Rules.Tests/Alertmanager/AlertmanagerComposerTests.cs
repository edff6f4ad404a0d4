using Mla.Rules.Alertmanager;
using Mla.Rules.Checks;

namespace Mla.Rules.Tests.Alertmanager;

public sealed class AlertmanagerComposerTests
{
    private const string TenantB = """
        route:
          receiver: team
          group_wait: 1s
        receivers:
          - name: team
            webhook_configs:
              - url: http://127.0.0.1:9/b
        """;

    /// <summary>Tries every trick to catch other tenants' alerts: top-level matchers, continue, a child route for tenant B, B's receiver name.</summary>
    private const string MaliciousA = """
        route:
          receiver: team
          matchers: ['tenant=~".+"']
          continue: true
          routes:
            - receiver: team
              matchers: ['tenant="tenantb"']
              continue: true
            - receiver: catchall
              match_re:
                alertname: ".*"
        receivers:
          - name: team
            webhook_configs:
              - url: http://127.0.0.1:9/a
          - name: catchall
            webhook_configs:
              - url: http://127.0.0.1:9/a-catchall
        inhibit_rules:
          - source_matchers: ['alertname="Watchdog"']
            target_matchers: ['tenant="tenantb"']
        """;

    [Fact]
    public async Task A_tenant_without_configuration_gets_a_null_receiver_that_amtool_accepts()
    {
        var composed = AlertmanagerComposer.Compose([TenantAlertmanagerConfig.Null("tenanta")]);
        var check = await Tools.CheckConfigAsync(composed);
        Assert.True(check.Valid, check.Output);
        Assert.Equal(["tenanta/null"], await RoutesAsync(composed, "tenant=tenanta", "alertname=x"));
        Assert.Equal([AlertmanagerComposer.RootReceiver], await RoutesAsync(composed, "tenant=other", "alertname=x"));
    }

    [Fact]
    public async Task A_tenant_that_tries_to_catch_other_tenants_alerts_routes_only_its_own()
    {
        var (a, errorA) = TenantAlertmanagerConfig.Rewrite("tenanta", MaliciousA);
        var (b, errorB) = TenantAlertmanagerConfig.Rewrite("tenantb", TenantB);
        Assert.Null(errorA);
        Assert.Null(errorB);
        var composed = AlertmanagerComposer.Compose([a!, b!]);
        var check = await Tools.CheckConfigAsync(composed);
        Assert.True(check.Valid, check.Output + composed);

        // amtool walks the real routing tree: B's alert reaches only B's receiver, A's only A's.
        Assert.Equal(["tenantb/team"], await RoutesAsync(composed, "tenant=tenantb", "alertname=x"));
        Assert.All(await RoutesAsync(composed, "tenant=tenanta", "alertname=x"), r => Assert.StartsWith("tenanta/", r, StringComparison.Ordinal));
        Assert.Equal([AlertmanagerComposer.RootReceiver], await RoutesAsync(composed, "tenant=tenantc", "alertname=x"));

        // A's inhibit rule is confined to A on both sides.
        Assert.Contains("- \"tenant=\\\"tenanta\\\"\"", composed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Mimir_wrapper_is_read_as_well()
    {
        var (parts, error) = TenantAlertmanagerConfig.Rewrite("tenanta", "template_files: {}\nalertmanager_config: |\n  route:\n    receiver: 'null'\n  receivers:\n    - name: 'null'\n");
        Assert.Null(error);
        Assert.Equal("tenanta/null", Assert.Single(parts!.Receivers)["name"].ToString());
    }

    [Theory]
    [InlineData("global:\n  smtp_smarthost: x:25\nroute:\n  receiver: r\nreceivers:\n  - name: r\n", "'global' is the platform's")]
    [InlineData("templates: ['/etc/*.tmpl']\nroute:\n  receiver: r\nreceivers:\n  - name: r\n", "'templates'")]
    [InlineData("route:\n  receiver: r\nreceivers:\n  - name: r\n    webhook_configs:\n      - url: http://x\n        http_config:\n          bearer_token_file: /etc/shadow\n", "'bearer_token_file' refers to a file")]
    [InlineData("route:\n  receiver: missing\nreceivers:\n  - name: r\n", "undefined receiver 'missing'")]
    [InlineData("receivers:\n  - name: r\n", "'route' is required")]
    [InlineData("route:\n  receiver: r\nreceivers:\n  - name: r\n  - name: r\n", "defined twice")]
    [InlineData("route: [\n", "error marshalling YAML")]
    public void Configurations_that_reach_outside_the_tenant_or_are_broken_are_refused(string yaml, string reason)
    {
        var (parts, error) = TenantAlertmanagerConfig.Rewrite("tenanta", yaml);
        Assert.Null(parts);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static async Task<string[]> RoutesAsync(string config, params string[] labels)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mla-am-routes-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, config);
        try
        {
            var result = await ExternalCheck.RunAsync(Tools.Amtool, ["config", "routes", "test", $"--config.file={file}", .. labels], CancellationToken.None);
            Assert.True(result.Valid, result.Output);
            return result.Output.Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith("Warning:", StringComparison.Ordinal))
                .SelectMany(l => l.Split(','))
                .ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }
}

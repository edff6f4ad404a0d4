using Mla.Rules.Groups;
using Mla.Rules.VmAlert;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Tests.VmAlert;

public sealed class VmAlertRuleFileTests
{
    private const string Group = """
        name: node
        interval: 30s
        labels:
          team: infra
          tenant: someone-else
        rules:
          - alert: NodeDown
            expr: up{job="node"} == 0
            for: 5m
            labels:
              severity: critical
              tenant: B
            annotations:
              summary: "{{ $labels.instance }} is down"
          - record: job:up:sum
            expr: sum by (job) (up)
        """;

    [Fact]
    public async Task A_rendered_group_carries_the_tenant_scope_and_passes_vmalert_dry_run()
    {
        var (definition, error) = RuleGroupParser.Parse("node", Group);
        Assert.Null(error);
        var text = VmAlertRuleFile.Render("tenanta", definition!);

        var groups = (YamlSequenceNode)((YamlMappingNode)Yaml.Load(text)!)["groups"];
        var group = (YamlMappingNode)Assert.Single(groups.Children);
        Assert.Equal("tenanta/node", group["name"].ToString());
        Assert.Equal("tenant=tenanta", Assert.Single(((YamlSequenceNode)((YamlMappingNode)group["params"])["extra_label"]).Children).ToString());
        Assert.Equal("tenanta", ((YamlMappingNode)group["labels"])["tenant"].ToString());
        Assert.Equal("infra", ((YamlMappingNode)group["labels"])["team"].ToString());
        foreach (var rule in ((YamlSequenceNode)group["rules"]).Children.Cast<YamlMappingNode>())
        {
            Assert.Equal("tenanta", ((YamlMappingNode)rule["labels"])["tenant"].ToString());
        }

        var check = await Tools.DryRunAsync(text);
        Assert.True(check.Valid, check.Output);
    }

    [Fact]
    public async Task A_bad_expression_passes_the_structure_check_and_fails_vmalert_dry_run()
    {
        var (definition, error) = RuleGroupParser.Parse("bad", "name: bad\nrules:\n  - alert: Broken\n    expr: sum(\n");
        Assert.Null(error);
        var check = await Tools.DryRunAsync(VmAlertRuleFile.Render("tenanta", definition!));
        Assert.False(check.Valid);
        Assert.Contains("bad prometheus expr", check.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: g\nparams:\n  extra_label: [\"tenant=B\"]\nrules:\n  - record: x\n    expr: up\n", "'params' is set by MLA")]
    [InlineData("name: g\ntenant: B\nrules:\n  - record: x\n    expr: up\n", "'tenant' is set by MLA")]
    [InlineData("name: g\nrules: []\n", "has no rules")]
    [InlineData("name: other\nrules:\n  - record: x\n    expr: up\n", "differs from the rule group's name")]
    [InlineData("name: g\nrules:\n  - alert: A\n    record: b\n    expr: up\n", "exactly one of 'alert' and 'record'")]
    [InlineData("name: g\nrules:\n  - alert: A\n", "'expr' must not be empty")]
    [InlineData("name: g\nrules:\n  - alert: A\n    expr: up\n    bogus: 1\n", "unknown field 'bogus'")]
    [InlineData("name: g\n  rules: [\n", "unable to decode rule group")]
    public void Structural_errors_name_the_reason(string yaml, string reason)
    {
        var (definition, error) = RuleGroupParser.Parse("g", yaml);
        Assert.Null(definition);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void File_names_belong_to_their_tenant_whatever_the_group_name()
    {
        var file = VmAlertRuleFile.FileName("tenanta", "../../etc/passwd");
        Assert.DoesNotContain('/', file);
        Assert.Equal("tenanta", VmAlertRuleFile.TenantOf(file));
        Assert.NotEqual(file, VmAlertRuleFile.FileName("tenanta", "other"));
        Assert.Null(VmAlertRuleFile.TenantOf("someone.yml"));
    }
}

using Mla.Rules.Alertmanager;
using Mla.Rules.Checks;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Tests.Alertmanager;

/// <summary>Templates namespaced per tenant, checked with the real amtool (check-config parses the template files, template render executes them).</summary>
public sealed class TenantTemplatesTests
{
    private static string Config(string tenantUrl, string templates) => $$$"""
        template_files:
        {{{templates}}}
        alertmanager_config: |
          templates: ['msg.tmpl']
          route:
            receiver: team
          receivers:
            - name: team
              slack_configs:
                - api_url: {{{tenantUrl}}}
                  channel: '#alerts'
                  title: '{{ template "msg" . }}'
                  text: '{{ template "__subject" . }}'
        """;

    [Fact]
    public async Task Two_tenants_with_a_template_of_the_same_name_each_render_their_own()
    {
        var (a, errorA) = TenantAlertmanagerConfig.Rewrite("tenanta", Config("http://127.0.0.1:9/a", "  msg.tmpl: '{{ define \"msg\" }}from A{{ end }}'"));
        var (b, errorB) = TenantAlertmanagerConfig.Rewrite("tenantb", Config("http://127.0.0.1:9/b", "  msg.tmpl: '{{ define \"msg\" }}from B{{ end }}'"));
        Assert.Null(errorA);
        Assert.Null(errorB);

        // The receiver's text calls the tenant's own template; built-ins stay as they are.
        var slack = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)a!.Receivers.Single())["slack_configs"]).Children.Single();
        Assert.Equal("{{ template \"tenanta/msg\" . }}", slack["title"].ToString());
        Assert.Equal("{{ template \"__subject\" . }}", slack["text"].ToString());

        using var directory = new TemporaryDirectory();
        await WriteAsync(directory.Path, a, b!);
        var composed = AlertmanagerComposer.Compose([a, b!], directory.Path);
        Assert.Contains(Path.Combine(directory.Path, "tenanta", "*.tmpl"), composed, StringComparison.Ordinal);
        var check = await CheckConfigAsync(directory.Path, composed);
        Assert.True(check.Valid, check.Output + composed);
        Assert.Contains("templates", check.Output, StringComparison.Ordinal);

        Assert.Equal("from A", await RenderAsync(directory.Path, "{{ template \"tenanta/msg\" . }}"));
        Assert.Equal("from B", await RenderAsync(directory.Path, "{{ template \"tenantb/msg\" . }}"));
    }

    [Fact]
    public async Task A_malicious_tenant_can_neither_override_nor_call_another_tenants_templates()
    {
        // A defines B's prefixed name and the built-in __subject: both stay A's own.
        var (a, errorA) = TenantAlertmanagerConfig.Rewrite("tenanta", Config("http://127.0.0.1:9/a", """
              msg.tmpl: '{{ define "msg" }}from A{{ end }}{{ define "tenantb/msg" }}hijacked{{ end }}{{ define "__subject" }}A subject{{ end }}'
            """));
        var (b, errorB) = TenantAlertmanagerConfig.Rewrite("tenantb", Config("http://127.0.0.1:9/b", "  msg.tmpl: '{{ define \"msg\" }}from B{{ end }}'"));
        Assert.Null(errorA);
        Assert.Null(errorB);
        var slack = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)a!.Receivers.Single())["slack_configs"]).Children.Single();
        Assert.Equal("{{ template \"tenanta/__subject\" . }}", slack["text"].ToString());

        using var directory = new TemporaryDirectory();
        await WriteAsync(directory.Path, a, b!);
        var composed = AlertmanagerComposer.Compose([a, b!], directory.Path);
        var check = await CheckConfigAsync(directory.Path, composed);
        Assert.True(check.Valid, check.Output + composed);
        Assert.Equal("from B", await RenderAsync(directory.Path, "{{ template \"tenantb/msg\" . }}"));
        Assert.Equal("hijacked", await RenderAsync(directory.Path, "{{ template \"tenanta/tenantb/msg\" . }}"));
    }

    [Theory]
    [InlineData("'{{ define \"msg\" }}{{ template \"tenantb/msg\" . }}{{ end }}'", "template 'tenantb/msg' is not defined")]
    [InlineData("'{{ define \"msg\" }}{{ template \"tenantb.0123456789abcdef.tmpl\" . }}{{ end }}'", "is not defined")]
    [InlineData("'{{ define \"msg\" }}x{{ end }}{{ template \"tenantb\\\\/msg\" . }}'", "plain \"quoted\" string")]
    public void References_outside_the_tenant_are_refused(string template, string reason)
    {
        var (parts, error) = TenantAlertmanagerConfig.Rewrite("tenanta", Config("http://127.0.0.1:9/a", "  msg.tmpl: " + template));
        Assert.Null(parts);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x.tmpl")]
    [InlineData("sub/x.tmpl")]
    [InlineData("..")]
    public void Template_file_names_with_path_separators_are_refused_as_Mimir_does(string name)
    {
        var (parts, error) = TenantAlertmanagerConfig.Rewrite("tenanta", $"template_files:\n  '{name}': x\nalertmanager_config: |\n  route:\n    receiver: r\n  receivers:\n    - name: r\n");
        Assert.Null(parts);
        Assert.Contains("no path separators", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receiver_calling_an_undefined_template_is_refused()
    {
        var (parts, error) = TenantAlertmanagerConfig.Rewrite("tenanta", "route:\n  receiver: r\nreceivers:\n  - name: r\n    slack_configs:\n      - api_url: http://x\n        text: '{{ template \"tenantb/msg\" . }}'\n");
        Assert.Null(parts);
        Assert.Contains("receiver 'r': template 'tenantb/msg' is not defined", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_files_are_named_by_tenant_so_their_base_names_never_collide()
    {
        Assert.NotEqual(TenantTemplates.FileName("a", "x.tmpl"), TenantTemplates.FileName("b", "x.tmpl"));
        Assert.StartsWith("a.", TenantTemplates.FileName("a", "x.tmpl"), StringComparison.Ordinal);
        Assert.EndsWith(".tmpl", TenantTemplates.FileName("a", "../../etc/passwd"), StringComparison.Ordinal);
        Assert.DoesNotContain("/", TenantTemplates.FileName("a", "../../etc/passwd"), StringComparison.Ordinal);
    }

    private static async Task WriteAsync(string directory, params TenantAlertmanagerParts[] tenants)
    {
        foreach (var tenant in tenants)
        {
            Directory.CreateDirectory(Path.Combine(directory, tenant.Tenant));
            foreach (var (name, content) in tenant.Templates)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, tenant.Tenant, name), content);
            }
        }
    }

    private static async Task<CheckResult> CheckConfigAsync(string directory, string config)
    {
        var file = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(file, config);
        return await ExternalCheck.RunAsync(Tools.Amtool, ["check-config", file], CancellationToken.None);
    }

    private static async Task<string> RenderAsync(string directory, string text)
    {
        var result = await ExternalCheck.RunAsync(Tools.Amtool, ["template", "render", $"--template.glob={Path.Combine(directory, "*", "*.tmpl")}", $"--template.text={text}"], CancellationToken.None);
        Assert.True(result.Valid, result.Output);
        return result.Output.Trim();
    }
}

using System.Text.RegularExpressions;
using Mla.Exporters.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Tests.Support;

namespace Mla.Exporters.Tests.Agents;

/// <summary>
/// Every rendered metrics-agent configuration passes the real checker from Debian: <c>vmagent -dryRun</c> with the
/// rendered command line (strict parsing: unknown fields and flags fail), <c>promtool check config --agent</c>. In-pod
/// paths point at a temporary folder holding real PEM files (the checkers read them).
/// </summary>
public sealed partial class AgentConfigCheckTests
{
    [Theory]
    [MemberData(nameof(SpecCases.All), MemberType = typeof(SpecCases))]
    public async Task Rendered_metrics_agent_configuration_passes_the_real_checker(string name)
    {
        var spec = SpecCases.Get(name, TestPki.Create("c1"));
        var config = MetricsAgentConfig.For(spec);
        using var temp = new TempDirectory();
        var local = Prepare(temp.Path, spec, config);
        var file = Path.Combine(local.ConfigDirectory, config.FileName);

        if (spec.MetricsAgent == MetricsAgentKind.VmAgent)
        {
            var (exit, output) = await ToolRunner.RunAsync(Tool("vmagent"), [.. local.Rewrite(config.Args), "-dryRun", "-loggerLevel=ERROR"]);
            Assert.True(exit == 0, $"vmagent -dryRun failed for {name}:\n{output}");
        }
        else
        {
            var (exit, output) = await ToolRunner.RunAsync(Tool("promtool"), ["check", "config", "--agent", file]);
            if (exit != 0 && KubernetesSdMissing().IsMatch(output))
            {
                // Debian's Prometheus 2.42 is built without Kubernetes service discovery (upstream has it since 1.x):
                // the only error it may report is that field; the rest is checked with the same jobs discovered from files.
                Assert.DoesNotMatch(OtherErrorLine(), output.Replace(KubernetesSdMissing().Match(output).Value, "", StringComparison.Ordinal));
                var withoutKubernetesSd = KubernetesSdBlock().Replace(File.ReadAllText(file), "$1file_sd_configs:\n$1  - files: [\"" + local.ConfigDirectory + "/targets-*.json\"]\n");
                Assert.DoesNotContain("kubernetes_sd_configs", withoutKubernetesSd, StringComparison.Ordinal);
                File.WriteAllText(file, withoutKubernetesSd);
                (exit, output) = await ToolRunner.RunAsync(Tool("promtool"), ["check", "config", "--agent", file]);
            }

            Assert.True(exit == 0, $"promtool check config --agent failed for {name}:\n{output}");
        }
    }

    [Fact]
    public async Task The_checker_rejects_a_broken_configuration()
    {
        var spec = SpecCases.Get(SpecCases.Names[0], TestPki.Create("c1"));
        var config = MetricsAgentConfig.For(spec);
        using var temp = new TempDirectory();
        var local = Prepare(temp.Path, spec, config);
        File.AppendAllText(Path.Combine(local.ConfigDirectory, config.FileName), "  - job_name: broken\n    no_such_field: 1\n");

        var (exit, _) = await ToolRunner.RunAsync(Tool("vmagent"), [.. local.Rewrite(config.Args), "-dryRun", "-loggerLevel=ERROR"]);

        Assert.NotEqual(0, exit);
    }

    private static LocalPaths Prepare(string root, ClusterAgentsSpec spec, MetricsAgentConfig config)
    {
        var local = new LocalPaths(root);
        local.CreateDirectories();
        File.WriteAllText(Path.Combine(local.ServiceAccountDirectory, "ca.crt"), spec.Credentials.CaBundlePem);
        File.WriteAllText(Path.Combine(local.ServiceAccountDirectory, "token"), "test-token");
        File.WriteAllText(Path.Combine(local.CredentialsDirectory, "ca.crt"), spec.Credentials.CaBundlePem);
        File.WriteAllText(Path.Combine(local.CredentialsDirectory, "tls.crt"), spec.Credentials.CertificatePem);
        File.WriteAllText(Path.Combine(local.CredentialsDirectory, "tls.key"), spec.Credentials.PrivateKeyPem);
        File.WriteAllText(Path.Combine(local.ConfigDirectory, config.FileName), local.Rewrite(config.Text));
        return local;
    }

    private static string Tool(string name) =>
        ToolRunner.Find(name) ?? throw new InvalidOperationException($"{name} is not installed: make test-deps installs it (Debian package)");

    [GeneratedRegex(@"field kubernetes_sd_configs not found in type config\.ScrapeConfig")]
    private static partial Regex KubernetesSdMissing();

    [GeneratedRegex(@"line \d+: field (?!kubernetes_sd_configs)\w+ not found")]
    private static partial Regex OtherErrorLine();

    [GeneratedRegex(@"(?m)^(\s*)kubernetes_sd_configs:\n\1  - role: \w+\n")]
    private static partial Regex KubernetesSdBlock();
}

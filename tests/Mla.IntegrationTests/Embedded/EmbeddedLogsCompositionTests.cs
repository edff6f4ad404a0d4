using System.Diagnostics;
using Mla.Host.Embedded;
using Mla.Ingestion.Kafka;
using Mla.TestSupport.Logs;

namespace Mla.IntegrationTests.Embedded;

/// <summary>
/// The embedded default's logs composition: the configuration each demo cluster's syslog-ng runs is accepted by the
/// real syslog-ng, and the logs writer child reads the logs topic into a file sink without starting the embedded
/// servers a second time.
/// </summary>
public sealed class EmbeddedLogsCompositionTests
{
    [Fact]
    public async Task Real_syslog_ng_accepts_the_demo_shipper_configuration()
    {
        Assert.True(SyslogNgShipper.IsInstalled, "syslog-ng with its http module is not installed: run `make test-deps`");
        var directory = Directory.CreateTempSubdirectory("mla-demo-shipper-").FullName;
        try
        {
            var generator = Path.Combine(directory, "generate.sh");
            File.WriteAllText(generator, DemoLogShipperConfig.GeneratorScript("demoeu1aaa", TimeSpan.FromSeconds(2)));
            var ca = Path.Combine(directory, "ca.crt");
            File.WriteAllText(ca, string.Empty);
            var config = Path.Combine(directory, "syslog-ng.conf");
            File.WriteAllText(config, DemoLogShipperConfig.Config("demoeu1aaa", generator, new Uri("https://127.0.0.1:8443/loki/api/v1/push"), ca, "token-of-demoeu1aaa"));

            var (exitCode, output) = await RunAsync(SyslogNgShipper.Binary, ["--syntax-only", "-f", config]);
            Assert.True(exitCode == 0, $"syslog-ng refused the configuration: {output}");

            // A broken configuration is refused, so the check above can fail.
            File.AppendAllText(config, "destination d_broken { http( url(\"x\" ); };\n");
            var (brokenExit, _) = await RunAsync(SyslogNgShipper.Binary, ["--syntax-only", "-f", config]);
            Assert.NotEqual(0, brokenExit);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Demo_shipper_sends_its_own_cluster_label_and_token_only()
    {
        var config = DemoLogShipperConfig.Config("demous1ccc", "/tmp/g.sh", new Uri("https://127.0.0.1:8443/loki/api/v1/push"), "/tmp/ca.crt", "secret-ccc");

        Assert.Contains("Authorization: Bearer secret-ccc", config, StringComparison.Ordinal);
        Assert.Contains("\"cluster\":\"demous1ccc\"", config, StringComparison.Ordinal);
        Assert.Contains("url(\"https://127.0.0.1:8443/loki/api/v1/push\")", config, StringComparison.Ordinal);
        Assert.DoesNotContain("demoeu1", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_writer_child_reads_the_logs_topic_into_files_and_starts_no_second_embedded_server()
    {
        var environment = EmbeddedLogsWriter.Environment(".mla-test", "/state/logs", "127.0.0.1:9092", "http://127.0.0.1:8080", "internal");

        Assert.Equal(IngestionTopics.Logs, environment["Mla__Writer__Topic"]);
        Assert.Equal("file", environment[$"Mla__Writer__Sinks__{EmbeddedLogsWriter.SinkName}__Type"]);
        Assert.Equal("/state/logs", environment[$"Mla__Writer__Sinks__{EmbeddedLogsWriter.SinkName}__Directory"]);
        Assert.Equal("127.0.0.1:9092", environment["Mla__Writer__Kafka__BootstrapServers"]);
        Assert.Equal("internal", environment["Mla__Writer__Tenants__Token"]);
        foreach (var key in new[] { "Mla__Embedded__Kafka", "Mla__Embedded__VictoriaMetrics__Enabled", "Mla__Embedded__Alerting__Enabled", "Mla__Embedded__Agents__Enabled", "Mla__Embedded__Logs__Enabled" })
        {
            Assert.Equal("false", environment[key]);
        }

        Assert.False(EmbeddedLogsWriter.Environment(".mla-test", "/state/logs", "b:1", tenantsUrl: null, "internal").ContainsKey("Mla__Writer__Tenants__Token"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string binary, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{binary} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

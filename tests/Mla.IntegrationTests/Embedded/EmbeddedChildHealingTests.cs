using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mla.Host.Embedded;
using Mla.Hosting;
using Mla.Hosting.Loops;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Support;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.Logs;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Embedded;

/// <summary>
/// The embedded default heals its child processes: a demo cluster's syslog-ng (the real one, with the demo
/// configuration, pushing to a real gateway) killed with SIGKILL is seen dead at once — its loop restarting, counted in
/// <c>mla_loop_restarts_total</c>, <c>/readyz</c> 503 naming it and the exit — and is started again after the
/// back-off, after which its lines reach the gateway again. The host is a bare <see cref="MlaApplication"/> running
/// the shipper the way <see cref="DemoLogShippers"/> does (<see cref="SupervisedChild"/>).
/// </summary>
public sealed class EmbeddedChildHealingTests(ITestOutputHelper output)
{
    private const string Topic = "embedded-healing-logs";
    private const string Cluster = "demoeu1aaa";
    private static readonly string Loop = DemoLogShippers.LoopName(Cluster);
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_demo_log_shipper_killed_with_SIGKILL_is_restarted_after_the_backoff_counted_shown_on_readyz_and_its_lines_flow_again()
    {
        Assert.True(SyslogNgShipper.IsInstalled, "syslog-ng with its http module is not installed: run `make test-deps`");
        var directory = Directory.CreateTempSubdirectory("mla-healing-").FullName;
        try
        {
            await using var kafka = await KafkaServer.StartAsync([(Topic, 1)]);
            await using var gateway = await GatewayTestApp.StartAsync(kafka.BootstrapServers, "embedded-healing-metrics-unused", pki: null, new()
            {
                ["Mla:Gateway:Kafka:LogsTopic"] = Topic,
            });
            var generator = Path.Combine(directory, "generate.sh");
            await File.WriteAllTextAsync(generator, DemoLogShipperConfig.GeneratorScript(Cluster, TimeSpan.FromMilliseconds(200)));
            var ca = Path.Combine(directory, "ca.crt");
            await File.WriteAllTextAsync(ca, string.Empty);
            var config = Path.Combine(directory, "syslog-ng.conf");
            await File.WriteAllTextAsync(config, DemoLogShipperConfig.Config(Cluster, generator, new Uri(gateway.HttpUrl, Mla.Gateway.Logs.LogPushEndpoint.Route), ca, GatewayTestApp.Token));

            await using var host = await StartHostAsync(Path.Combine(directory, "host"));
            var supervisor = host.Services.GetRequiredService<LoopSupervisor>();
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("healing-test");
            var lives = new List<(ManagedProcess Process, int Pid)>();
            using var stopping = new CancellationTokenSource();
            var shipper = SupervisedChild.RunAsync(supervisor, Loop, () =>
            {
                var process = ManagedProcess.Start(Loop, SyslogNgShipper.Binary,
                    ["-F", "-f", config, $"--persist-file={Path.Combine(directory, "syslog-ng.persist")}", $"--pidfile={Path.Combine(directory, "syslog-ng.pid")}",
                     $"--control={Path.Combine(directory, "syslog-ng.ctl")}", "--no-caps"],
                    logger);
                lock (lives)
                {
                    lives.Add((process, process.Id));
                }

                return process;
            }, stopping.Token);
            using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()) };
            try
            {
                var before = await AcceptedAfterAsync(gateway, 0, "before the kill");
                await ServiceHttp.WaitUntilReadyAsync(http, Patience);
                var first = Single(lives).Pid;
                Process.GetProcessById(first).Kill(); // SIGKILL

                // Down: the loop waits out its back-off, and /readyz says so with the reason.
                var (_, readiness) = await Eventually.WaitAsync(
                    async () =>
                    {
                        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                        return (response.StatusCode, await response.Content.ReadAsStringAsync());
                    },
                    r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
                    Patience,
                    r => $"/readyz answered {(int)r.StatusCode}: {r.Item2}");
                output.WriteLine(readiness);
                Assert.Contains(Loop, readiness, StringComparison.Ordinal);
                Assert.Contains("SIGKILL", readiness, StringComparison.Ordinal);
                await Eventually.WaitAsync(
                    () => ServiceHttp.MetricAsync(http, $"mla_loop_restarts_total{{loop=\"{Loop}\"}}"),
                    restarts => restarts == 1,
                    Patience,
                    restarts => $"mla_loop_restarts_total of {Loop} is {restarts}, not 1");
                var seenDown = Stopwatch.StartNew();

                // Back: a new syslog-ng, ready again, and its lines reach the gateway again.
                await ServiceHttp.WaitUntilReadyAsync(http, Patience);
                output.WriteLine($"ready again {seenDown.Elapsed.TotalSeconds:0.0} s after the restart was seen pending (back-off {Backoff.TotalSeconds} s)");
                lock (lives)
                {
                    Assert.Equal(2, lives.Count);
                    Assert.NotEqual(first, lives[1].Pid);
                    Assert.False(lives[1].Process.HasExited, "the restarted syslog-ng is not running");
                }

                var atRestart = await gateway.MetricAsync("mla_gateway_log_entries_total{tenant=\"tenant-t\",outcome=\"accepted\"}");
                var after = await AcceptedAfterAsync(gateway, atRestart, "after the restart");
                output.WriteLine($"lines accepted: {before} before the kill, {atRestart} at the restart, {after} after");
            }
            finally
            {
                // Whatever happened above: no syslog-ng may outlive the test.
                await stopping.CancelAsync();
                await shipper;
            }

            await host.StopAsync();
            lock (lives)
            {
                Assert.All(lives, life => Assert.False(Directory.Exists($"/proc/{life.Pid}"), $"syslog-ng (pid {life.Pid}) still runs after the stop"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (ManagedProcess Process, int Pid) Single(List<(ManagedProcess Process, int Pid)> lives)
    {
        lock (lives)
        {
            return Assert.Single(lives);
        }
    }

    /// <summary>Waits until the gateway accepted more lines of the token's tenant than <paramref name="than"/>.</summary>
    private static Task<double> AcceptedAfterAsync(GatewayTestApp gateway, double than, string when) =>
        Eventually.WaitAsync(
            () => gateway.MetricAsync("mla_gateway_log_entries_total{tenant=\"tenant-t\",outcome=\"accepted\"}"),
            accepted => accepted > than,
            Patience,
            accepted => $"no lines of the demo shipper accepted by the gateway {when} (still {accepted})");

    /// <summary>A bare MLA host (its /readyz, /metrics and loop supervisor) with the test's back-off.</summary>
    private static async Task<WebApplication> StartHostAsync(string content)
    {
        Directory.CreateDirectory(content);
        var builder = MlaApplication.CreateBuilder("embedded-healing", new WebApplicationOptions { ContentRootPath = content, Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Loops:InitialBackoff"] = Backoff.ToString(),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        var app = MlaApplication.Build(builder, _ => { });
        await app.StartAsync();
        return app;
    }
}

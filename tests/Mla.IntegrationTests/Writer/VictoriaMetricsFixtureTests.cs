using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Fixtures;
using Mla.TestSupport;
using Mla.TestSupport.Prometheus;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>The VictoriaMetrics and Prometheus-agent fixtures themselves: start, data across a restart, agent remote write, cleanup.</summary>
[Collection(WriterCollection.Name)]
public sealed class VictoriaMetricsFixtureTests(VictoriaMetricsFixture shared)
{
    [Fact]
    public async Task Data_survives_a_stop_and_start_on_the_same_port_and_the_processes_are_gone_after_dispose()
    {
        var server = await VictoriaMetricsServer.StartAsync(ownInstance: true);
        Dictionary<int, string> processes;
        try
        {
            var port = server.BaseUri.Port;
            var metric = $"fixture_check_{Guid.NewGuid():N}";
            await server.ImportPrometheusAsync($"{metric}{{tenant=\"t1\"}} 42\n");
            await Eventually.WaitAsync(() => server.RawSampleCountAsync(metric), n => n == 1, TimeSpan.FromSeconds(30), n => $"{n} samples");
            Assert.True(server.CanRestart);
            await server.StopAsync();
            await server.StartAgainAsync();

            Assert.Equal(port, server.BaseUri.Port);
            Assert.Equal(1, await server.RawSampleCountAsync(metric, "tenant=t1"));
            Assert.Equal(0, await server.RawSampleCountAsync(metric, "tenant=t2"));
            var value = Assert.Single(await server.QueryAsync(metric));
            Assert.Equal(42, value.Value);
            processes = ProcessesGone.Snapshot(server.ProcessIds);
            Assert.Equal(server.Source == ServerSource.LocalProcess, processes.Count > 0);
        }
        finally
        {
            await server.DisposeAsync();
        }

        await ProcessesGone.AssertAllGoneAsync(processes);
    }

    [Fact]
    public async Task A_prometheus_agent_scrapes_and_remote_writes_with_a_bearer_token()
    {
        var job = $"agent-check-{Guid.NewGuid():N}"[..24];
        var vm = shared.Server;
        Dictionary<int, string> processes;
        await using (var agent = await PrometheusAgent.StartAsync(new PrometheusAgentOptions
        {
            RemoteWriteUrl = vm.RemoteWriteUrl,
            BearerToken = "agent-token",
            ScrapeJobs = [new PrometheusScrapeJob(job, [$"{vm.BaseUri.Host}:{vm.BaseUri.Port}"])],
            ExternalLabels = new Dictionary<string, string> { ["cluster"] = "fixture" },
        }))
        {
            var up = await Eventually.WaitAsync(
                () => vm.QueryAsync($"up{{job=\"{job}\"}}"),
                r => r.Count == 1,
                TimeSpan.FromSeconds(60),
                r => $"{r.Count} up series of {job}");
            Assert.Equal(1, up[0].Value);
            Assert.Equal("fixture", up[0].Labels["cluster"]);
            processes = ProcessesGone.Snapshot(agent.ProcessIds);
        }

        await ProcessesGone.AssertAllGoneAsync(processes);
    }
}

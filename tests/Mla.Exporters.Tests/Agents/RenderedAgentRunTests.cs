using System.Diagnostics;
using Mla.Exporters.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Tests.Support;
using Mla.TestSupport.Processes;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.Exporters.Tests.Agents;

/// <summary>
/// The rendered vmagent configuration and command line, run with the real vmagent (only scrape targets, file paths,
/// listen address and push URL rewritten for the machine): its samples reach a real VictoriaMetrics with the
/// rendered external labels (cluster, seed) and its disk buffer where the StatefulSet mounts it.
/// </summary>
public sealed class RenderedAgentRunTests
{
    [Fact]
    public async Task Rendered_vmagent_scrapes_and_remote_writes_with_the_cluster_and_seed_labels()
    {
        await using var victoria = await VictoriaMetricsServer.StartAsync(ownInstance: true);
        using var temp = new TempDirectory();
        var spec = SpecCases.Get("vmagent-edge-alloy", TestPki.Create("c1")) with { ClusterId = "run-" + Guid.NewGuid().ToString("N")[..8], ScrapeInterval = TimeSpan.FromSeconds(5) };
        var paths = new LocalPaths(temp.Path);
        var run = LocalAgentRun.For(spec, paths, [victoria.BaseUri.Authority], "127.0.0.1:" + FreeTcpPort.Next(), victoria.RemoteWriteUrl);
        run.WriteFiles(paths, spec.Credentials);
        Assert.Contains("-remoteWrite.label=cluster=" + spec.ClusterId, run.Args);
        Assert.Contains("-remoteWrite.maxHourlySeries=100000", run.Args);

        var info = new ProcessStartInfo(ToolRunner.Find("vmagent") ?? throw new InvalidOperationException("vmagent is not installed (make test-deps)"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in run.Args.Append("-remoteWrite.flushInterval=1s").Append("-loggerLevel=WARN"))
        {
            info.ArgumentList.Add(arg);
        }

        using var agent = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        agent.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        agent.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> up = [];
            while (DateTime.UtcNow < deadline && up.Count == 0)
            {
                Assert.False(agent.HasExited, "vmagent exited:\n" + string.Join('\n', output));
                await Task.Delay(500);
                up = await victoria.QueryAsync($"up{{cluster=\"{spec.ClusterId}\"}}");
            }

            var sample = Assert.Single(up);
            Assert.Equal("europe-west", sample.Labels["seed"]);
            Assert.Equal("mla", sample.Labels["job"]);
            Assert.Equal(1, sample.Value);
            Assert.True(Directory.EnumerateFileSystemEntries(paths.BufferDirectory).Any(), "vmagent keeps its queue in the rendered buffer directory");
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
        }
    }

    [Fact]
    public void The_run_read_back_from_a_rendered_folder_equals_the_one_from_the_spec()
    {
        using var temp = new TempDirectory();
        var spec = SpecCases.Get("vmagent-standard-fluentbit");
        var folder = new Mla.Exporters.Rendering.ManifestRenderer(temp.Path).Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec)).Directory;
        var paths = new LocalPaths(Path.Combine(temp.Path, "local"));
        var push = new Uri("https://127.0.0.1:8443/api/v1/push");

        var fromFolder = LocalAgentRun.FromRendered(folder, paths, ["127.0.0.1:8080"], "127.0.0.1:18429", push);
        var fromSpec = LocalAgentRun.For(spec, paths, ["127.0.0.1:8080"], "127.0.0.1:18429", push);

        Assert.Equal(fromSpec.Args, fromFolder.Args);
        Assert.Equal(fromSpec.ConfigText, fromFolder.ConfigText);
        Assert.Equal(fromSpec.ConfigPath, fromFolder.ConfigPath);
    }
}

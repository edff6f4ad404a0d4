using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Benchmarks.Load;
using Mla.Exporters.Agents;
using Mla.Exporters.Desired;
using Mla.TestSupport.Processes;

namespace Mla.Benchmarks.Agents;

/// <summary>
/// One metrics agent as the desired state renders it for a demo cluster, run here with the Debian binary: the
/// rendered configuration and command line (<see cref="LocalAgentRun"/>) with only the scrape targets (the
/// node-exporter), the file paths (a temporary folder), the listen address and the push URL (the receiver) rewritten.
/// </summary>
internal sealed class MeasuredAgent : IAsyncDisposable
{
    private readonly string _directory;

    private MeasuredAgent(ClusterAgentsSpec spec, LocalAgentRun run, ChildProcess process, Uri baseUri, string directory)
    {
        Spec = spec;
        Run = run;
        Process = process;
        BaseUri = baseUri;
        _directory = directory;
        (MemoryRequest, MemoryLimit) = RenderedMemory(spec);
    }

    public ClusterAgentsSpec Spec { get; }

    public LocalAgentRun Run { get; }

    public ChildProcess Process { get; }

    public Uri BaseUri { get; }

    /// <summary>"vmagent" or "prometheus-agent".</summary>
    public string Agent => Spec.MetricsAgent == MetricsAgentKind.VmAgent ? "vmagent" : "prometheus-agent";

    public string Profile => Spec.Profile.ToString().ToLowerInvariant();

    /// <summary>The memory request and limit the rendered StatefulSet gives the agent's container.</summary>
    public string MemoryRequest { get; }

    public string MemoryLimit { get; }

    public MemoryTrace Memory { get; } = new();

    public static async Task<MeasuredAgent> StartAsync(MetricsAgentKind kind, AgentProfile profile, string scrapeTarget, Uri receiver)
    {
        var vm = kind == MetricsAgentKind.VmAgent;
        var binary = vm ? VmAgentBinary : PrometheusBinary;
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: install the Debian package {(vm ? "victoria-metrics" : "prometheus")} (make bench does)");
        }

        var clusterId = $"bench-{(vm ? "vmagent" : "prometheus")}-{profile.ToString().ToLowerInvariant()}";
        var spec = DemoClusterSpec.For(clusterId, kind, profile);
        var directory = Directory.CreateTempSubdirectory($"mla-bench-{clusterId}-").FullName;
        var paths = new LocalPaths(Path.Combine(directory, "run"));
        var listen = "127.0.0.1:" + FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture);
        var run = LocalAgentRun.For(spec, paths, [scrapeTarget], listen, receiver);
        run.WriteFiles(paths, spec.Credentials);
        var process = ChildProcess.Start(new ChildProcessSpec(binary, run.Args, Path.Combine(directory, "agent.log")) { WorkingDirectory = directory });
        var agent = new MeasuredAgent(spec, run, process, new Uri($"http://{listen}/"), directory);
        try
        {
            await Readiness.WaitAsync(
                $"{clusterId} on {listen}",
                async ct =>
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                    using var response = await http.GetAsync(new Uri(agent.BaseUri, vm ? "health" : "-/ready"), ct);
                    return response.IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(60),
                process,
                () => process.ReadLogTail(),
                CancellationToken.None);
            return agent;
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The samples the agent handed to remote write, from its own <c>/metrics</c>: vmagent's rows in the blocks it
    /// sent (<c>vmagent_remotewrite_block_size_rows_sum</c>), Prometheus' <c>prometheus_remote_storage_samples_total</c>.
    /// </summary>
    public async Task<double> SamplesSentAsync(HttpClient http) => Spec.MetricsAgent == MetricsAgentKind.VmAgent
        ? await PrometheusText.ScrapeAsync(http, new Uri(BaseUri, "metrics"), "vmagent_remotewrite_block_size_rows_sum")
        : await PrometheusText.ScrapeAsync(http, new Uri(BaseUri, "metrics"), "prometheus_remote_storage_samples_total");

    /// <summary>Remote-write requests the receiver refused or that failed, from the agent's own <c>/metrics</c>.</summary>
    public async Task<double> SendFailuresAsync(HttpClient http) => Spec.MetricsAgent == MetricsAgentKind.VmAgent
        ? await PrometheusText.ScrapeAsync(http, new Uri(BaseUri, "metrics"), "vmagent_remotewrite_errors_total")
        : await PrometheusText.ScrapeAsync(http, new Uri(BaseUri, "metrics"), "prometheus_remote_storage_samples_failed_total");

    public double CpuSeconds() => ProcessCpu.Seconds([Process.Id]);

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(10));
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private const string VmAgentBinary = "/usr/bin/vmagent";
    private const string PrometheusBinary = "/usr/bin/prometheus";

    private static (string Request, string Limit) RenderedMemory(ClusterAgentsSpec spec)
    {
        var statefulSet = AgentObjects.Build(spec).Single(o => (string?)o["kind"] == "StatefulSet" && (string?)o["metadata"]?["name"] == AgentComponents.MetricsAgent);
        var resources = (JsonObject)statefulSet["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!;
        return ((string?)resources["requests"]?["memory"] ?? "-", (string?)resources["limits"]?["memory"] ?? "-");
    }
}

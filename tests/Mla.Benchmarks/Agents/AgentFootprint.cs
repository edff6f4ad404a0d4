using System.Diagnostics;
using System.Globalization;
using Mla.Exporters.Desired;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.Benchmarks.Agents;

/// <summary>
/// <c>agents [minutes]</c>: the resident memory of the metrics agent as the exporter service renders it, vmagent and
/// Prometheus in agent mode, standard and edge profile, the four at the same time, each scraping the same real
/// node-exporter and remote-writing to one VictoriaMetrics. Memory from <c>/proc/&lt;pid&gt;/status</c> every few
/// seconds; afterwards the receiver's samples are counted per agent (by the external label <c>cluster</c>) against
/// what each agent says it sent. The last line is the edge vmagent's RSS.
/// </summary>
internal static class AgentFootprint
{
    /// <summary>The aim for the edge profile's vmagent (issue 10): resident memory under 30 MB.</summary>
    public const double EdgeVmAgentAimMb = 30;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(90);

    private static readonly (MetricsAgentKind Kind, AgentProfile Profile)[] Combinations =
    [
        (MetricsAgentKind.VmAgent, AgentProfile.Standard),
        (MetricsAgentKind.VmAgent, AgentProfile.Edge),
        (MetricsAgentKind.PrometheusAgent, AgentProfile.Standard),
        (MetricsAgentKind.PrometheusAgent, AgentProfile.Edge),
    ];

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        Console.WriteLine(Invariant($"Metrics agents as rendered, on {Environment.ProcessorCount} cores, {duration.TotalMinutes:0.#} min, the four at the same time"));
        await using var receiver = await VictoriaMetricsServer.StartAsync(ownInstance: true);
        await using var nodeExporter = await NodeExporterProcess.StartAsync();
        Console.WriteLine(Invariant($"  node-exporter pid {nodeExporter.Process.Id} on {nodeExporter.Address}: {await nodeExporter.SeriesAsync()} series per scrape (Debian package, collectors as shipped)"));
        Console.WriteLine($"  receiver: {receiver.Description}, remote write at {receiver.RemoteWriteUrl}");

        var agents = new List<MeasuredAgent>();
        try
        {
            foreach (var (kind, profile) in Combinations)
            {
                var agent = await MeasuredAgent.StartAsync(kind, profile, nodeExporter.Address, receiver.RemoteWriteUrl);
                agents.Add(agent);
                Console.WriteLine(Invariant($"  {agent.Agent} {agent.Profile} (cluster {agent.Spec.ClusterId}, pid {agent.Process.Id}, scrape interval {agent.Spec.ScrapeInterval.TotalSeconds:0} s): {string.Join(' ', agent.Run.Args)}"));
            }

            var sampled = await SampleAsync(agents, duration);
            if (!sampled)
            {
                return 1;
            }

            var cpu = agents.ToDictionary(a => a, a => a.CpuSeconds());
            return await ReportAsync(agents, cpu, receiver);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    /// <summary>Reads every agent's memory every <see cref="SampleInterval"/> for the run; false when one died.</summary>
    private static async Task<bool> SampleAsync(IReadOnlyList<MeasuredAgent> agents, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        while (true)
        {
            foreach (var agent in agents)
            {
                if (agent.Process.HasExited || !agent.Memory.Sample(agent.Process.Id))
                {
                    await agent.Process.DrainOutputAsync(TimeSpan.FromSeconds(2));
                    Console.WriteLine($"  {agent.Agent} {agent.Profile} exited during the run (code {agent.Process.ExitCode}):\n{agent.Process.ReadLogTail()}");
                    return false;
                }
            }

            if (clock.Elapsed >= duration)
            {
                return true;
            }

            next += SampleInterval;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < duration - clock.Elapsed ? wait : duration - clock.Elapsed);
            }
        }
    }

    private static async Task<int> ReportAsync(List<MeasuredAgent> agents, Dictionary<MeasuredAgent, double> cpu, VictoriaMetricsServer receiver)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ok = true;
        var rows = new List<string>();
        foreach (var agent in agents)
        {
            // What the agent had sent when the run ended must be in the receiver under its cluster label; anything it
            // sends meanwhile raises both counts, so the receiver's count lies between the two readings of the agent's.
            var sentBefore = await agent.SamplesSentAsync(http);
            var received = await ReceivedAsync(receiver, agent.Spec.ClusterId, sentBefore);
            var sentAfter = await agent.SamplesSentAsync(http);
            var failures = await agent.SendFailuresAsync(http);
            var delivered = received > 0 && received >= sentBefore && received <= sentAfter && failures == 0;
            ok &= delivered;
            rows.Add(Invariant($"{agent.Agent,-17} {agent.Profile,-8} {Mb(agent.Memory.Last),8:0.0} {Mb(agent.Memory.Peak),8:0.0} {Mb((long)agent.Memory.Mean),8:0.0} {agent.MemoryRequest + "/" + agent.MemoryLimit,-12} {cpu[agent],7:0.00} {sentAfter,9:0} {received,9:0}  {(delivered ? "ok" : Invariant($"NOT DELIVERED (sent {sentBefore:0} at the end, {failures:0} failures)"))}"));
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"{"agent",-17} {"profile",-8} {"RSS MB",8} {"peak MB",8} {"mean MB",8} {"req/limit",-12} {"CPU s",7} {"sent",9} {"received",9}"));
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine(Invariant($"  RSS MB = VmRSS at the end in MiB; peak = VmHWM (since start, start-up included); mean over {agents[0].Memory.Count} samples every {SampleInterval.TotalSeconds:0} s; req/limit = the rendered StatefulSet's memory request/limit; CPU s since start; sent = the agent's own count, received = raw samples with its cluster label in VictoriaMetrics"));
        var edge = agents.Single(a => a.Spec.MetricsAgent == MetricsAgentKind.VmAgent && a.Spec.Profile == AgentProfile.Edge);
        var met = Mb(edge.Memory.Peak) < EdgeVmAgentAimMb;
        Console.WriteLine(ok ? "  every agent's samples reached the receiver" : "  FAILED: an agent's samples did not all reach the receiver");
        Console.WriteLine(Invariant($"edge vmagent RSS MB: {Mb(edge.Memory.Last):0.0} (peak {Mb(edge.Memory.Peak):0.0}, mean {Mb((long)edge.Memory.Mean):0.0}; aim: peak under {EdgeVmAgentAimMb:0} MB: {(met ? "met" : "not met")})"));
        return ok ? 0 : 1;
    }

    /// <summary>Raw samples with the agent's cluster label, polled until at least <paramref name="expected"/> or the deadline.</summary>
    private static async Task<long> ReceivedAsync(VictoriaMetricsServer receiver, string clusterId, double expected)
    {
        var clock = Stopwatch.StartNew();
        long received;
        while (true)
        {
            received = await receiver.RawSampleCountAsync($"{{cluster=\"{clusterId}\"}}");
            if (received >= expected || clock.Elapsed > DeliveryDeadline)
            {
                return received;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using Mla.Benchmarks.Load;
using Mla.Gateway.Limits;
using Mla.Ingestion.Kafka;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.Benchmarks.EndToEnd;

/// <summary>
/// The writer measured: the same remote-write stream (16 tenants) to storage three ways, each into a VictoriaMetrics
/// of its own, in alternating rounds on the same machine: straight into VictoriaMetrics (<c>direct</c>); through the
/// gateway, the Kafka-protocol broker and the writer (<c>end-to-end</c>, every one its own process, logging as
/// shipped); and through vmagent, the peer an operator would put in the gateway's place (<c>vmagent</c>, buffering
/// on disk). Throughput is samples landed in storage per second (until VictoriaMetrics inserted the last one); CPU
/// is per process, from /proc, until all are idle again. Afterwards every VictoriaMetrics' stored samples are
/// counted and checked against what was sent.
/// </summary>
internal static class EndToEndComparison
{
    private const int Tenants = 16;
    private const int Partitions = 16;
    private const int Slots = 256;
    private const int WarmUpCycles = 2;
    private const int MaxRequestsPerRun = 12_000;
    private const int SamplesPerRequest = RemoteWriteWorkload.SeriesPerRequest;
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstScrapeAgo = TimeSpan.FromMinutes(40);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// librdkafka's consumer setting for the writer against the mock broker: the mock holds a fetch for up to
    /// <c>fetch.wait.max.ms</c> (default 500) and returns one batch per partition, which throttled the writer to
    /// ~90 records/s here (a real Kafka answers as soon as data is there). Measured: 10 ms doubled the end-to-end rate.
    /// </summary>
    private static readonly Dictionary<string, string> MockBrokerWriterSettings = new() { ["Kafka:Properties:fetch.wait.max.ms"] = "10" };

    public static async Task<int> RunAsync(LoadOptions options, CpuLayout layout)
    {
        var ok = true;
        Console.WriteLine($"End to end on {Environment.ProcessorCount} cores, .NET {Environment.Version}; layout {layout.Describe()}");
        var workload = RemoteWriteWorkload.Create(Slots, DateTimeOffset.UtcNow - FirstScrapeAgo, ScrapeInterval);
        var tenants = Enumerable.Range(0, Tenants).Select(t => "bench-" + t.ToString("00", CultureInfo.InvariantCulture)).ToArray();
        string TenantOf(long request) => tenants[request % Slots % Tenants]; // a slot's series always belong to the same tenant
        Console.WriteLine(Invariant($"  workload: the load comparison's ({Slots} requests of {SamplesPerRequest:N0} samples per 10 s scrape, {workload.DistinctSeries:N0} series), spread over {Tenants} tenants (one Kafka key each) on {Partitions} partitions"));

        var limits = new LimitsOverrideOptions { IngestionRate = 1e9, IngestionBurstSize = 1_000_000_000 };
        var maxSampleAge = new LimitsOptions().MaxSampleAge;

        // A child process inherits the cores its parent may use, and sizes itself by them at start (Go's
        // GOMAXPROCS, .NET's thread pool), as it would in a pod of that size: so each tier is started from here
        // while this process is held to that tier's cores, then moved there for good.
        layout.PinStorage([Environment.ProcessId]);
        await using var directStore = await VictoriaMetricsServer.StartAsync();
        await using var pipelineStore = await VictoriaMetricsServer.StartAsync();
        await using var agentStore = await VictoriaMetricsServer.StartAsync();
        layout.PinIngestion([Environment.ProcessId]);
        await using var kafka = await KafkaServer.StartAsync([(IngestionTopics.Metrics, Partitions), (IngestionTopics.Logs, 1)], ownInstance: true);
        await using var gateway = await GatewayProcess.StartAsync(kafka.BootstrapServers, tenants, limits, minimumLogLevel: null);
        await using var writer = await WriterProcess.StartAsync(kafka.BootstrapServers, IngestionTopics.Metrics, pipelineStore.RemoteWriteUrl, kafka.IsMock ? MockBrokerWriterSettings : []);
        await using var agent = await VmAgentProcess.StartAsync(agentStore.RemoteWriteUrl);
        layout.PinStorage([.. directStore.ProcessIds, .. pipelineStore.ProcessIds, .. agentStore.ProcessIds]);
        layout.PinIngestion([Environment.ProcessId, .. gateway.Process.ProcessIds(), .. kafka.ProcessIds, .. writer.Process.ProcessIds(), .. agent.Process.ProcessIds()]);
        Console.WriteLine($"  gateway pid {gateway.Process.Id} and writer pid {writer.Process.Id}: defaults and logging as shipped (writer sink '{WriterProcess.Sink}', extra-label); broker: {kafka.Description}");
        Console.WriteLine($"  vmagent pid {agent.Process.Id}: -remoteWrite.url to its own VictoriaMetrics, -remoteWrite.tmpDataPath (disk buffer), other flags default");
        if (kafka.IsMock)
        {
            Console.WriteLine("  the mock broker keeps 5 MiB per partition (~128 requests of this stream) and fetches one batch per partition per request (~4.5k records/s):");
            Console.WriteLine("  the writer gets Kafka:Properties:fetch.wait.max.ms=10 (default 500): the mock holds each fetch that long, one batch per partition, which throttled the writer to ~90 records/s");
            Console.WriteLine(Invariant($"  {Partitions} partitions hold ~{Partitions * 5 * 1024 / 40:N0} requests of writer lag before it drops data (the stored-samples check below would fail); the stream needs ~{600_000 / SamplesPerRequest} records/s, far below the fetch limit"));
        }

        Uri WithTenantLabel(Uri url, string tenant) => new(url + "?extra_label=tenant=" + tenant);
        var paths = new[]
        {
            new DeliveryPath("direct", t => WithTenantLabel(directStore.RemoteWriteUrl, t), false, directStore.BaseUri,
                [("victoriametrics", () => directStore.ProcessIds)]),
            new DeliveryPath("end-to-end", _ => gateway.PushUrl, true, pipelineStore.BaseUri,
                [("gateway", () => gateway.Process.ProcessIds()), ("broker", () => kafka.ProcessIds), ("writer", () => writer.Process.ProcessIds()), ("victoriametrics", () => pipelineStore.ProcessIds)]),
            new DeliveryPath("vmagent", t => WithTenantLabel(agent.RemoteWriteUrl, t), false, agentStore.BaseUri,
                [("vmagent", () => agent.Process.ProcessIds()), ("victoriametrics", () => agentStore.ProcessIds)]),
        };
        IReadOnlyCollection<int> AllPids() => [.. paths.SelectMany(p => p.AllPids())];
        var all = paths.ToDictionary(p => p.Name, _ => new List<PathResult>());

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        { Timeout = TimeSpan.FromSeconds(60) };

        async Task<PathResult> RunOnceAsync(DeliveryPath path, int requests, string label)
        {
            var first = path.NextRequest;
            var bodies = workload.Build(first, requests);
            LoadComparison.CheckWindow(workload, first, requests, maxSampleAge);
            path.NextRequest += requests;
            GC.Collect();
            await CpuIdle.WaitAsync(AllPids, SettleLimit);
            var result = await LandedRunner.RunAsync(path, http, bodies, first, TenantOf, SamplesPerRequest, options.Concurrency);
            all[path.Name].Add(result);
            Console.WriteLine($"  {label,-10} {result}");
            return result;
        }

        var requestsPerRun = new Dictionary<string, int>();
        int Size(PathResult last) => (int)Math.Clamp(last.LandedPerSecond * options.RunDuration.TotalSeconds / SamplesPerRequest, Slots / 2, MaxRequestsPerRun);
        foreach (var path in paths)
        {
            for (var cycle = 1; cycle <= WarmUpCycles; cycle++)
            {
                requestsPerRun[path.Name] = Size(await RunOnceAsync(path, Slots, $"warm-up {cycle}"));
            }

            // One more, as long as a measured run: a .NET process started on one core compiles its hot paths in the
            // background for longer than two short cycles (measured: the gateway's first full run cost 6x the CPU per
            // sample of its second).
            requestsPerRun[path.Name] = Size(await RunOnceAsync(path, requestsPerRun[path.Name], $"warm-up {WarmUpCycles + 1}"));
        }

        var measured = paths.ToDictionary(p => p.Name, _ => new List<PathResult>());
        var writerBefore = await WriterRequestsAsync(http, writer.MetricsUrl);
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var path in round % 2 == 1 ? paths : paths.Reverse())
            {
                var result = await RunOnceAsync(path, requestsPerRun[path.Name], $"round {round}");
                measured[path.Name].Add(result);
                requestsPerRun[path.Name] = Size(result);
            }
        }

        var writerAfter = await WriterRequestsAsync(http, writer.MetricsUrl);
        var writerRequests = writerAfter.Count - writerBefore.Count;
        var writerWaiting = writerAfter.Seconds - writerBefore.Seconds;
        var e2eMeasured = measured["end-to-end"];
        Console.WriteLine(Invariant($"  writer in the measured rounds: {writerRequests:N0} requests to VictoriaMetrics of {e2eMeasured.Sum(r => r.Samples) / Math.Max(1, writerRequests):N0} samples on average, answered after {writerWaiting:0.0} s in total, of the {e2eMeasured.Sum(r => r.UntilLanded.TotalSeconds):0.0} s until landed"));

        Console.WriteLine();
        Console.WriteLine("Checks (all runs, warm-ups included):");
        foreach (var (path, store) in paths.Zip([directStore, pipelineStore, agentStore]))
        {
            var sent = all[path.Name].Sum(r => r.Samples);
            var stored = await VictoriaMetricsCount.StoredSamplesAsync(store.BaseUri, RemoteWriteWorkload.MetricsPerPod, sent, TimeSpan.FromSeconds(60));
            ok &= Check(Invariant($"{path.Name}: its VictoriaMetrics stored {stored:N0} samples (count_over_time, no cache) = sent {sent:N0}, none failed"), stored == sent && all[path.Name].All(r => r.Failed == 0));
        }

        var tenantsStored = await StoredTenantsAsync(http, agentStore.BaseUri);
        ok &= Check($"vmagent kept the tenant label of extra_label: {tenantsStored} tenants stored", tenantsStored == Tenants);
        var writerMetrics = await http.GetStringAsync(writer.MetricsUrl);
        var writtenAll = SumSeries(writerMetrics, "mla_writer_samples_written_total");
        var retried = SumSeries(writerMetrics, "mla_writer_records_retried_total");
        var e2eSent = all["end-to-end"].Sum(r => r.Samples);
        ok &= Check(Invariant($"writer: mla_writer_samples_written_total {writtenAll:N0} = sent through the gateway {e2eSent:N0} ({retried:N0} records retried)"), writtenAll == e2eSent);

        var direct = PathResult.Combine("direct", measured["direct"]);
        var endToEnd = PathResult.Combine("end-to-end", measured["end-to-end"]);
        var vmagent = PathResult.Combine("vmagent", measured["vmagent"]);
        Console.WriteLine();
        Console.WriteLine($"Measured rounds ({options.Rounds} per path, {options.Concurrency} senders); CPU-seconds per million samples by process, until idle after the run:");
        Console.WriteLine("| path       | samples/s landed | gateway | broker | writer | vmagent | VictoriaMetrics | all   | generator |");
        Console.WriteLine("|------------|-----------------:|--------:|-------:|-------:|--------:|----------------:|------:|----------:|");
        foreach (var r in new[] { direct, endToEnd, vmagent })
        {
            Console.WriteLine(Invariant($"| {r.Path,-10} | {r.LandedPerSecond,16:N0} | {Cell(r, "gateway"),7} | {Cell(r, "broker"),6} | {Cell(r, "writer"),6} | {Cell(r, "vmagent"),7} | {Cell(r, "victoriametrics"),15} | {r.TotalCpuPerMillion,5:0.00} | {r.GeneratorCpuSeconds / (r.Samples / 1e6),9:0.00} |"));
        }

        var throughputRatio = endToEnd.LandedPerSecond / direct.LandedPerSecond;
        var cpuRatio = endToEnd.CpuPerMillion("gateway") / vmagent.CpuPerMillion("vmagent");
        Console.WriteLine(Invariant($"targets: end-to-end >= 0.9 of direct: {(throughputRatio >= 0.9 ? "met" : "NOT met")}; gateway <= 0.7 of vmagent's CPU per sample: {(cpuRatio <= 0.7 ? "met" : "NOT met")}"));
        Console.WriteLine(Invariant($"caveat: layout {layout.Name}; end-to-end spends {endToEnd.TotalCpuPerMillion:0.00} CPU-s per 1M samples where direct spends {direct.TotalCpuPerMillion:0.00}, so where all share the cores (layout shared) its samples/s is bounded by about {direct.TotalCpuPerMillion / endToEnd.TotalCpuPerMillion:0.00} of direct's. The broker is librdkafka's in-memory mock, not Apache Kafka."));
        if (!ok)
        {
            Console.WriteLine("SOME CHECKS FAILED: the figures above are not trustworthy.");
        }

        Console.WriteLine(Invariant($"end-to-end/direct samples/s ratio: {throughputRatio:0.00}"));
        Console.WriteLine(Invariant($"gateway/vmagent cpu per sample ratio: {cpuRatio:0.00}"));
        return ok ? 0 : 1;
    }

    /// <summary>The writer's requests to its sink so far: how many, and the seconds they took (its duration histogram).</summary>
    private static async Task<(double Count, double Seconds)> WriterRequestsAsync(HttpClient http, Uri metricsUrl)
    {
        var exposition = await http.GetStringAsync(metricsUrl);
        return (SumSeries(exposition, "mla_writer_sink_request_duration_seconds_count"), SumSeries(exposition, "mla_writer_sink_request_duration_seconds_sum"));
    }

    private static string Cell(PathResult result, string role) =>
        result.CpuSeconds.ContainsKey(role) ? result.CpuPerMillion(role).ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static double SumSeries(string exposition, string name) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Length > name.Length && l[name.Length] is '{' or ' ')
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static async Task<int> StoredTenantsAsync(HttpClient http, Uri victoriaMetrics)
    {
        var uri = new Uri(victoriaMetrics, "api/v1/label/tenant/values?nocache=1");
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(uri));
        return document.RootElement.GetProperty("data").GetArrayLength();
    }

    private static bool Check(string what, bool passed)
    {
        Console.WriteLine($"  {(passed ? "ok  " : "FAIL")} {what}");
        return passed;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

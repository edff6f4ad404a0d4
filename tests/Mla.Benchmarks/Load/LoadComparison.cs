using System.Diagnostics;
using System.Globalization;
using Mla.Gateway.Limits;
using Mla.Ingestion.Kafka;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.Benchmarks.Load;

/// <summary>
/// The same remote-write stream, at full speed, to the gateway (its own process, producing to the Kafka-protocol
/// broker in another process) and to VictoriaMetrics' own <c>/api/v1/write</c>, in alternating rounds on the same
/// machine. Throughput is samples answered 2xx per second; CPU is that of the receiving processes (read from /proc),
/// including the work they do after the run, and the generator's own CPU is reported next to it. Afterwards the
/// receivers' own counts are checked against the sender's: the gateway's /metrics and the broker's watermarks,
/// VictoriaMetrics' /metrics and the samples it really stored.
/// </summary>
internal static class LoadComparison
{
    public const string Tenant = "benchtenant";
    private const int Slots = 256;
    private const int WarmUpCycles = 3;
    private const int Partitions = 8;
    private const int MaxRequestsPerRun = 12_000;
    private const int SamplesPerRequest = RemoteWriteWorkload.SeriesPerRequest;
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstScrapeAgo = TimeSpan.FromMinutes(45);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var ok = true;
        Console.WriteLine($"Load comparison on {Environment.ProcessorCount} cores ({CpuModel()}), .NET {Environment.Version}");
        var clock = Stopwatch.StartNew();
        var workload = RemoteWriteWorkload.Create(Slots, DateTimeOffset.UtcNow - FirstScrapeAgo, ScrapeInterval);
        var sample = workload.Build(0, 16);
        Console.WriteLine(Invariant($"  workload: {Slots} requests per cycle × {SamplesPerRequest:N0} samples (one per series, {RemoteWriteWorkload.LabelsPerSeries} labels) = {workload.DistinctSeries:N0} distinct series; {sample.Average(b => b.Length) / 1024:0.0} KiB snappy ({workload.AverageUncompressedBytes / 1024:0} KiB raw) per request"));
        Console.WriteLine(Invariant($"  timestamps: from now − {FirstScrapeAgo.TotalMinutes:0} min, + {ScrapeInterval.TotalSeconds:0} s per cycle (a scrape: unique per series, never resent); encoded in {clock.Elapsed.TotalSeconds:0.0} s"));

        // Limits that never throttle, inside the ranges the gateway accepts (checked again by GatewayProcess).
        var limits = new LimitsOverrideOptions { IngestionRate = 1e9, IngestionBurstSize = 1_000_000_000 };
        var maxSampleAge = new LimitsOptions().MaxSampleAge; // not overridden: the gateway's default
        await using var kafka = await KafkaServer.StartAsync([(IngestionTopics.Metrics, Partitions), (IngestionTopics.Logs, 1)], ownInstance: true);
        await using var victoria = await VictoriaMetricsServer.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(kafka.BootstrapServers, [Tenant], limits);
        Console.WriteLine(Invariant($"  gateway: pid {gateway.Process.Id}, tenant '{Tenant}' via X-Scope-OrgID (TrustTenantHeader), IngestionRate {limits.IngestionRate:0.#e0}/s, burst {limits.IngestionBurstSize:0.#e0}, MaxSampleAge {maxSampleAge}; {GatewayProcess.GcMode}"));
        Console.WriteLine($"  senders: {options.Concurrency} concurrent HTTP/1.1 connections per target, pre-built bodies; runs of ~{options.RunDuration.TotalSeconds:0} s, {options.Rounds} rounds, alternating order");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        { Timeout = TimeSpan.FromSeconds(60) };
        var gatewayTarget = new LoadTarget(
            "gateway",
            gateway.PushUrl,
            new Dictionary<string, string> { ["X-Scope-OrgID"] = Tenant },
            () => gateway.Process.ProcessIds(),
            () => kafka.ProcessIds,
            () => PrometheusText.ScrapeAsync(http, gateway.MetricsUrl, "mla_gateway_samples_total", $"tenant=\"{Tenant}\"", "outcome=\"accepted\""));
        var victoriaTarget = new LoadTarget(
            "victoriametrics",
            new Uri(victoria.RemoteWriteUrl + "?extra_label=tenant=" + Tenant),
            new Dictionary<string, string>(),
            () => victoria.ProcessIds,
            () => [],
            () => PrometheusText.ScrapeAsync(http, new Uri(victoria.BaseUri, "metrics"), "vm_rows_inserted_total", "type=\"promremotewrite\""));
        LoadTarget[] targets = [victoriaTarget, gatewayTarget];
        Func<IReadOnlyCollection<int>> allPids = () => [.. targets.SelectMany(t => t.ReceiverPids().Concat(t.BrokerPids()))];
        var all = targets.ToDictionary(t => t.Name, _ => new List<LoadResult>());

        async Task<LoadResult> RunOnceAsync(LoadTarget target, int requests, string label)
        {
            var bodies = workload.Build(target.NextRequest, requests);
            CheckWindow(workload, target.NextRequest, requests, maxSampleAge);
            target.NextRequest += requests;
            GC.Collect(); // the last run's bodies: not during this run
            await CpuIdle.WaitAsync(allPids, SettleLimit); // nobody's leftover work in this run
            var result = await LoadRunner.RunAsync(target, http, bodies, SamplesPerRequest, options.Concurrency, (options.RunDuration * 3) + TimeSpan.FromSeconds(30));
            all[target.Name].Add(result);
            Console.WriteLine($"  {label,-12} {result}");
            return result;
        }

        // Warm-up: cycle 1 (connections, JIT; VictoriaMetrics registers every series), cycles 2 and 3 (tiered JIT,
        // PGO). Each run is sized from the target's last rate to last about RunDuration: a fixed amount of work
        // whose time is measured, so that no body is ever built during a run.
        var requestsPerRun = new Dictionary<string, int>();
        int Size(LoadResult last) => (int)Math.Clamp(last.SamplesPerSecond * options.RunDuration.TotalSeconds / SamplesPerRequest, Slots / 2, MaxRequestsPerRun);
        foreach (var target in targets)
        {
            for (var cycle = 1; cycle <= WarmUpCycles; cycle++)
            {
                requestsPerRun[target.Name] = Size(await RunOnceAsync(target, Slots, $"warm-up {cycle}"));
            }
        }

        var measured = targets.ToDictionary(t => t.Name, _ => new List<LoadResult>());
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var target in round % 2 == 1 ? targets : Enumerable.Reverse(targets))
            {
                var result = await RunOnceAsync(target, requestsPerRun[target.Name], $"round {round}");
                measured[target.Name].Add(result);
                requestsPerRun[target.Name] = Size(result);
            }
        }

        var g = LoadResult.Combine("gateway", measured["gateway"]);
        var v = LoadResult.Combine("victoriametrics", measured["victoriametrics"]);

        Console.WriteLine();
        Console.WriteLine("Checks (all runs, warm-ups included):");
        var gAll = LoadResult.Combine("gateway", all["gateway"]);
        var vAll = LoadResult.Combine("victoriametrics", all["victoriametrics"]);
        var metrics = await http.GetStringAsync(gateway.MetricsUrl);
        var rejected = PrometheusText.Value(metrics, "mla_gateway_samples_total", $"tenant=\"{Tenant}\"", "outcome=\"rejected\"");
        var persisted = PrometheusText.Value(metrics, "mla_gateway_kafka_records_total", "outcome=\"persisted\"");
        var records = KafkaWatermarks.Sum(kafka.BootstrapServers, IngestionTopics.Metrics, Partitions);
        ok &= Check($"gateway /metrics samples accepted {gAll.CountedByReceiver:N0} (rejected {rejected:N0}) = sender's 2xx samples {gAll.Samples:N0}", gAll.CountedByReceiver == gAll.Samples && rejected == 0);
        ok &= Check($"Kafka {IngestionTopics.Metrics}: {records:N0} records (sum of high watermarks) = gateway's persisted records {persisted:N0} = 2xx requests {gAll.Requests:N0}", records == gAll.Requests && persisted == gAll.Requests);
        ok &= Check($"VictoriaMetrics vm_rows_inserted_total{{type=\"promremotewrite\"}} {vAll.CountedByReceiver:N0} = sender's 2xx samples {vAll.Samples:N0}", vAll.CountedByReceiver == vAll.Samples);
        var stored = await VictoriaMetricsCount.StoredSamplesAsync(victoria.BaseUri, RemoteWriteWorkload.MetricsPerPod, vAll.Samples, TimeSpan.FromSeconds(60));
        ok &= Check($"VictoriaMetrics stored samples (count_over_time, no cache) {stored:N0} = sent {vAll.Samples:N0} (every (series, timestamp) pair unique)", stored == vAll.Samples);
        var last = targets.Max(t => t.NextRequest) - 1;
        Console.WriteLine(Invariant($"  timestamps used: {DateTimeOffset.FromUnixTimeMilliseconds(workload.TimestampOf(0)):HH:mm:ss} to {DateTimeOffset.FromUnixTimeMilliseconds(workload.TimestampOf(last)):HH:mm:ss} UTC ({last / Slots + 1} cycles), now {DateTimeOffset.UtcNow:HH:mm:ss}; gateway window MaxSampleAge {maxSampleAge}"));
        ok &= g.Failed + v.Failed + gAll.Failed + vAll.Failed == 0;

        Console.WriteLine();
        Console.WriteLine($"Measured rounds ({options.Rounds} per target):");
        Console.WriteLine(g);
        Console.WriteLine(v);
        Console.WriteLine(Invariant($"gateway: {g.SamplesPerReceiverCpuSecond:N0} samples per gateway CPU-second (= per fully used core; target >= 100,000: {(g.SamplesPerReceiverCpuSecond >= 100_000 ? "met" : "NOT met")}), {g.Samples / (g.ReceiverCpuSeconds + g.BrokerCpuSeconds):N0} with the broker's CPU included"));
        Console.WriteLine(Invariant($"victoriametrics: {v.SamplesPerReceiverCpuSecond:N0} samples per CPU-second"));
        Console.WriteLine(Invariant($"CPU ratio (victoriametrics CPU-s per 1M / gateway's incl. broker): {v.CpuSecondsPerMillion / g.CpuSecondsPerMillion:0.00}; gateway process alone: {v.CpuSecondsPerMillion / g.ReceiverCpuSecondsPerMillion:0.00}"));
        Console.WriteLine(Invariant($"caveat: {Environment.ProcessorCount} cores shared by the generator ({g.GeneratorCores:0.00} / {v.GeneratorCores:0.00} cores busy), the receiver and, for the gateway, the broker: samples/s is bounded by the machine, not by one server; compare CPU-s per 1M samples too. The broker is librdkafka's mock (memory only), not Apache Kafka."));
        if (!ok)
        {
            Console.WriteLine("SOME CHECKS FAILED: the figures above are not trustworthy.");
        }

        Console.WriteLine(Invariant($"gateway/victoriametrics samples/s ratio: {g.SamplesPerSecond / v.SamplesPerSecond:0.00}"));
        return ok ? 0 : 1;
    }

    internal static void CheckWindow(RemoteWriteWorkload workload, long first, int count, TimeSpan maxSampleAge)
    {
        var now = DateTimeOffset.UtcNow;
        var oldest = DateTimeOffset.FromUnixTimeMilliseconds(workload.TimestampOf(first));
        var newest = DateTimeOffset.FromUnixTimeMilliseconds(workload.TimestampOf(first + count - 1));
        if (oldest < now - maxSampleAge + TimeSpan.FromMinutes(5) || newest > now)
        {
            throw new InvalidOperationException($"timestamps {oldest:u} .. {newest:u} leave the gateway's window (now {now:u}, MaxSampleAge {maxSampleAge}): shorten the run");
        }
    }

    private static bool Check(string what, bool passed)
    {
        Console.WriteLine($"  {(passed ? "ok  " : "FAIL")} {what}");
        return passed;
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

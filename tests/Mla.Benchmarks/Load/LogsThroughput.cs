using System.Globalization;
using System.Text;
using Mla.Gateway.Limits;
using Mla.Ingestion.Kafka;
using Mla.Ingestion.Logs;
using Mla.TestSupport.Kafka;
using Snappier;

namespace Mla.Benchmarks.Load;

/// <summary>
/// Loki pushes (protobuf in a snappy block, as Promtail and Alloy send) at full speed to the gateway, its own
/// process, producing to the Kafka-protocol broker in another process. Throughput is line bytes answered 204 per
/// second; CPU is the gateway's (and the broker's) from /proc. The gateway's own count of accepted bytes is checked
/// against the sender's. Ends with <c>logs MB/s per gateway core: X.X</c> (MB = 10⁶ bytes of lines).
/// </summary>
internal static class LogsThroughput
{
    private const string Tenant = "benchlogs";
    private const int Partitions = 8;
    private const int Bodies = 256;
    private const int StreamsPerRequest = 10;
    private const int LinesPerStream = 500;
    private const int MaxRequestsPerRun = 20_000;
    private const int LineLength = 200;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var (bodies, lineBytes) = Build();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Logs at the gateway on {Environment.ProcessorCount} cores: {Bodies} requests × {StreamsPerRequest} streams × {LinesPerStream} lines, {lineBytes / 1024.0:0} KiB of lines ({bodies.Average(b => b.Length) / 1024:0} KiB snappy) per request"));
        var limits = new LimitsOverrideOptions { Logs = new LogLimitsOverrideOptions { IngestionRateBytes = 1e12, IngestionBurstBytes = int.MaxValue } };
        await using var kafka = await KafkaServer.StartAsync([(IngestionTopics.Metrics, Partitions), (IngestionTopics.Logs, Partitions)], ownInstance: true);
        await using var gateway = await GatewayProcess.StartAsync(kafka.BootstrapServers, [Tenant], limits);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { Timeout = TimeSpan.FromSeconds(60) };
        var target = new LoadTarget(
            "gateway-logs",
            gateway.LogPushUrl,
            new Dictionary<string, string> { ["X-Scope-OrgID"] = Tenant },
            () => gateway.Process.ProcessIds(),
            () => kafka.ProcessIds,
            () => PrometheusText.ScrapeAsync(http, gateway.MetricsUrl, "mla_gateway_log_bytes_total", $"tenant=\"{Tenant}\""));

        var warm = await LoadRunner.RunAsync(target, http, bodies, lineBytes, options.Concurrency, TimeSpan.FromMinutes(2));
        Console.WriteLine($"  warm-up      {warm}");
        var results = new List<LoadResult>();
        var last = warm;
        for (var round = 1; round <= options.Rounds; round++)
        {
            var requests = (int)Math.Clamp(last.SamplesPerSecond * options.RunDuration.TotalSeconds / lineBytes, Bodies / 2, MaxRequestsPerRun);
            var run = Enumerable.Range(0, requests).Select(i => bodies[i % Bodies]).ToArray();
            last = await LoadRunner.RunAsync(target, http, run, lineBytes, options.Concurrency, (options.RunDuration * 3) + TimeSpan.FromSeconds(30));
            Console.WriteLine($"  round {round}      {last}");
            results.Add(last);
        }

        var all = LoadResult.Combine("gateway-logs", results);
        var ok = all.Failed == 0 && results.All(r => r.CountedByReceiver == r.Samples);
        Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} the gateway's mla_gateway_log_bytes_total = the sender's 2xx line bytes, no failed request");
        var gigabytes = all.Samples / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"logs: {all.Samples / all.Elapsed.TotalSeconds / 1e6:0.0} MB/s of lines answered 204 (after Kafka acknowledged); CPU-s per GB: gateway {all.ReceiverCpuSeconds / gigabytes:0.00}, broker {all.BrokerCpuSeconds / gigabytes:0.00}; generator {all.GeneratorCores:0.00} cores busy"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"logs MB/s per gateway core: {all.Samples / all.ReceiverCpuSeconds / 1e6:0.0}"));
        return ok ? 0 : 1;
    }

    /// <summary>Realistic lines (an access-log shape, varying fields, cut or padded to <see cref="LineLength"/>), timestamps now, one body per slot.</summary>
    private static (byte[][] Bodies, int LineBytes) Build()
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var bodies = new byte[Bodies][];
        var lineBytes = 0;
        string[] paths = ["/api/v1/orders", "/api/v1/users/42", "/healthz", "/static/app.js", "/api/v1/search?q=kubernetes"];
        for (var b = 0; b < Bodies; b++)
        {
            var streams = new List<LogStreamEntries>(StreamsPerRequest);
            var bytes = 0;
            for (var s = 0; s < StreamsPerRequest; s++)
            {
                var entries = new LogEntry[LinesPerStream];
                for (var l = 0; l < LinesPerStream; l++)
                {
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)} - - \"GET {paths[random.Next(paths.Length)]} HTTP/1.1\" {(random.Next(20) == 0 ? 500 : 200)} {random.Next(100, 50_000)} \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\" rt={random.NextDouble():0.000} trace={random.NextInt64():x16}").PadRight(LineLength)[..LineLength];
                    entries[l] = new LogEntry(now + l, line, LogEntry.NoMetadata);
                    bytes += Encoding.UTF8.GetByteCount(line);
                }

                streams.Add(new LogStreamEntries($"{{app=\"web-{s}\", namespace=\"shop\", pod=\"web-{s}-{b % 7}\"}}", entries));
            }

            bodies[b] = Snappy.CompressToArray(PushRequestWriter.Encode(streams));
            lineBytes = bytes; // every line is LineLength ASCII bytes: every request carries the same

        }

        return (bodies, lineBytes);
    }
}

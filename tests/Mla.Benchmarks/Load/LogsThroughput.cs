using System.Globalization;
using System.Text;
using Mla.Gateway.Limits;
using Mla.Ingestion.Kafka;
using Mla.Ingestion.Logs;
using Mla.Ingestion.RemoteWrite;
using Mla.TestSupport.Kafka;
using Snappier;

namespace Mla.Benchmarks.Load;

/// <summary>
/// Loki pushes (protobuf in a snappy block, as Promtail and Alloy send) at full speed to the gateway, its own
/// process, producing to the Kafka-protocol broker in another process — and, in the same run against the same
/// gateway and broker, remote-write requests of the same uncompressed payload size (README.md: why that shape),
/// in alternating rounds after a warm-up of each. Throughput is bytes answered 204 per second; CPU is the gateway's
/// (and the broker's) from /proc. The gateway's own counts (log line bytes; samples) are checked against the
/// sender's. Prints both paths side by side per byte of payload and ends with <c>logs MB/s per gateway core: X.X</c>
/// (MB = 10⁶ bytes of log lines).
/// </summary>
internal static class LogsThroughput
{
    private const string Tenant = "benchlogs";
    private const string MetricsTenant = "benchmetrics";
    private const int Partitions = 8;
    private const int Bodies = 256;
    private const int StreamsPerRequest = 10;
    private const int LinesPerStream = 500;
    private const int MaxRequestsPerRun = 20_000;
    private const int LineLength = 200;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var logs = Build();
        var metrics = BuildMetrics(logs.PayloadBytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Logs at the gateway on {Environment.ProcessorCount} cores: {Bodies} requests × {StreamsPerRequest} streams × {LinesPerStream} lines, {logs.LineBytes / 1024.0:0} KiB of lines, {logs.PayloadBytes / 1024.0:0} KiB PushRequest ({logs.WireBytes / 1024.0:0} KiB snappy) per request"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Metrics, the same payload size: {Bodies} requests × {metrics.SeriesPerRequest} series of {RemoteWriteWorkload.LabelsPerSeries} labels, one sample each, {metrics.PayloadBytes / 1024.0:0} KiB WriteRequest ({metrics.WireBytes / 1024.0:0} KiB snappy) per request"));
        var limits = new LimitsOverrideOptions
        {
            IngestionRate = 1e9,
            IngestionBurstSize = 1_000_000_000,
            Logs = new LogLimitsOverrideOptions { IngestionRateBytes = 1e12, IngestionBurstBytes = int.MaxValue },
        };
        await using var kafka = await KafkaServer.StartAsync([(IngestionTopics.Metrics, Partitions), (IngestionTopics.Logs, Partitions)], ownInstance: true);
        await using var gateway = await GatewayProcess.StartAsync(kafka.BootstrapServers, [Tenant, MetricsTenant], limits);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { Timeout = TimeSpan.FromSeconds(60) };
        var logsPath = new PathRun(
            new LoadTarget(
                "gateway-logs",
                gateway.LogPushUrl,
                new Dictionary<string, string> { ["X-Scope-OrgID"] = Tenant },
                () => gateway.Process.ProcessIds(),
                () => kafka.ProcessIds,
                () => PrometheusText.ScrapeAsync(http, gateway.MetricsUrl, "mla_gateway_log_bytes_total", $"tenant=\"{Tenant}\"")),
            logs.Bodies,
            logs.LineBytes);
        var metricsPath = new PathRun(
            new LoadTarget(
                "gateway-metrics",
                gateway.PushUrl,
                new Dictionary<string, string> { ["X-Scope-OrgID"] = MetricsTenant },
                () => gateway.Process.ProcessIds(),
                () => kafka.ProcessIds,
                () => PrometheusText.ScrapeAsync(http, gateway.MetricsUrl, "mla_gateway_samples_total", $"tenant=\"{MetricsTenant}\"", "outcome=\"accepted\"")),
            metrics.Bodies,
            metrics.SeriesPerRequest);

        foreach (var path in new[] { logsPath, metricsPath })
        {
            path.Last = await LoadRunner.RunAsync(path.Target, http, path.Bodies, path.CountPerRequest, options.Concurrency, TimeSpan.FromMinutes(2));
            Console.WriteLine($"  warm-up      {path.Last}");
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var path in new[] { logsPath, metricsPath })
            {
                var requests = (int)Math.Clamp(path.Last!.SamplesPerSecond * options.RunDuration.TotalSeconds / path.CountPerRequest, Bodies / 2, MaxRequestsPerRun);
                var run = Enumerable.Range(0, requests).Select(i => path.Bodies[i % Bodies]).ToArray();
                path.Last = await LoadRunner.RunAsync(path.Target, http, run, path.CountPerRequest, options.Concurrency, (options.RunDuration * 3) + TimeSpan.FromSeconds(30));
                Console.WriteLine($"  round {round}      {path.Last}");
                path.Results.Add(path.Last);
            }
        }

        var logsAll = LoadResult.Combine("gateway-logs", logsPath.Results);
        var metricsAll = LoadResult.Combine("gateway-metrics", metricsPath.Results);
        var logsOk = logsAll.Failed == 0 && logsPath.Results.All(r => r.CountedByReceiver == r.Samples);
        var metricsOk = metricsAll.Failed == 0 && metricsPath.Results.All(r => r.CountedByReceiver == r.Samples);
        Console.WriteLine($"  {(logsOk ? "ok  " : "FAIL")} the gateway's mla_gateway_log_bytes_total = the sender's 2xx line bytes, no failed request");
        Console.WriteLine($"  {(metricsOk ? "ok  " : "FAIL")} the gateway's mla_gateway_samples_total{{outcome=\"accepted\"}} = the sender's 2xx samples, no failed request");

        var logsRow = PerByte.Of(logsAll, logs.PayloadBytes, logs.WireBytes);
        var metricsRow = PerByte.Of(metricsAll, metrics.PayloadBytes, metrics.WireBytes);
        Console.WriteLine();
        Console.WriteLine("Per byte of payload (uncompressed protobuf: PushRequest / WriteRequest), at the gateway into Kafka, in one run:");
        Console.WriteLine($"  {"path",-8} {"payload MB/s",13} {"snappy MB/s",12} {"gateway CPU-s/GB",17} {"broker CPU-s/GB",16} {"MB/s per gateway core",22}");
        foreach (var (name, row) in new[] { ("logs", logsRow), ("metrics", metricsRow) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-8} {row.PayloadMBps,13:0.0} {row.WireMBps,12:0.0} {row.GatewayCpuPerGB,17:0.00} {row.BrokerCpuPerGB,16:0.00} {row.MBpsPerGatewayCore,22:0.0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  logs/metrics: payload MB/s {logsRow.PayloadMBps / metricsRow.PayloadMBps:0.00}, gateway CPU-s per GB {logsRow.GatewayCpuPerGB / metricsRow.GatewayCpuPerGB:0.00}, MB/s per gateway core {logsRow.MBpsPerGatewayCore / metricsRow.MBpsPerGatewayCore:0.00}"));
        var gigabytes = logsAll.Samples / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"logs: {logsAll.Samples / logsAll.Elapsed.TotalSeconds / 1e6:0.0} MB/s of lines answered 204 (after Kafka acknowledged); CPU-s per GB of lines: gateway {logsAll.ReceiverCpuSeconds / gigabytes:0.00}, broker {logsAll.BrokerCpuSeconds / gigabytes:0.00}; generator {logsAll.GeneratorCores:0.00} cores busy"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"logs MB/s per gateway core: {logsAll.Samples / logsAll.ReceiverCpuSeconds / 1e6:0.0}"));
        return logsOk && metricsOk ? 0 : 1;
    }

    /// <summary>
    /// Remote-write bodies whose uncompressed WriteRequest is as large as a logs request's PushRequest: series of the
    /// load stream's shape (10 labels, one sample, timestamp now), as many as it takes, distinct across the bodies.
    /// </summary>
    private static (byte[][] Bodies, int SeriesPerRequest, double PayloadBytes, double WireBytes) BuildMetrics(double logsPayloadBytes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var labels = new RemoteWriteLabel[RemoteWriteWorkload.LabelsPerSeries];
        using var probe = new WriteRequestWriter();
        RemoteWriteWorkload.FillLabels(labels, 0);
        probe.AppendTimeSeries(labels, [new RemoteWriteSample(1, now)]);
        var seriesPerRequest = (int)Math.Round(logsPayloadBytes / probe.Length);
        var bodies = new byte[Bodies][];
        long payload = 0;
        Parallel.For(0, Bodies, b =>
        {
            var own = new RemoteWriteLabel[RemoteWriteWorkload.LabelsPerSeries];
            using var writer = new WriteRequestWriter((int)logsPayloadBytes + 4096);
            for (var series = 0; series < seriesPerRequest; series++)
            {
                RemoteWriteWorkload.FillLabels(own, (b * seriesPerRequest) + series);
                writer.AppendTimeSeries(own, [new RemoteWriteSample(series, now)]);
            }

            Interlocked.Add(ref payload, writer.Length);
            bodies[b] = writer.ToSnappyArray();
        });

        return (bodies, seriesPerRequest, payload / (double)Bodies, bodies.Average(body => body.Length));
    }

    /// <summary>Realistic lines (an access-log shape, varying fields, cut or padded to <see cref="LineLength"/>), timestamps now, one body per slot.</summary>
    private static (byte[][] Bodies, int LineBytes, double PayloadBytes, double WireBytes) Build()
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var bodies = new byte[Bodies][];
        var lineBytes = 0;
        long payload = 0;
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

            var encoded = PushRequestWriter.Encode(streams);
            payload += encoded.Length;
            bodies[b] = Snappy.CompressToArray(encoded);
            lineBytes = bytes; // every line is LineLength ASCII bytes: every request carries the same

        }

        return (bodies, lineBytes, payload / (double)Bodies, bodies.Average(body => body.Length));
    }
}

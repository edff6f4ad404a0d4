using System.Diagnostics;
using System.Net.Http.Headers;
using Mla.Benchmarks.Load;

namespace Mla.Benchmarks.EndToEnd;

/// <summary>
/// Sends pre-built bodies at full speed with a fixed number of concurrent senders (each waits for its answer, as a
/// remote-write shard does), then waits until the path's VictoriaMetrics has inserted every sample answered 2xx,
/// then until the path's processes are idle again (their CPU up to then belongs to the run).
/// </summary>
internal static class LandedRunner
{
    private static readonly TimeSpan LandPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LandLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    /// <param name="path">Where to send.</param>
    /// <param name="http">The client (its connection limit is the senders').</param>
    /// <param name="bodies">The requests, in stream order from <paramref name="firstRequest"/>.</param>
    /// <param name="firstRequest">The stream index of <c>bodies[0]</c> (it decides the tenant).</param>
    /// <param name="tenantOf">The tenant of a request by stream index.</param>
    /// <param name="samplesPerRequest">Samples in each body.</param>
    /// <param name="concurrency">Concurrent senders.</param>
    public static async Task<PathResult> RunAsync(
        DeliveryPath path, HttpClient http, byte[][] bodies, long firstRequest, Func<long, string> tenantOf, int samplesPerRequest, int concurrency)
    {
        long ok = 0, failed = 0, next = -1;
        var firstFailure = string.Empty;
        var landedBefore = await InsertedAsync(http, path.StorageBaseUri);
        var cpuBefore = path.Processes.ToDictionary(p => p.Role, p => ProcessCpu.Seconds(p.Pids()));
        var generatorBefore = ProcessCpu.Own();
        var clock = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Length)
            {
                var failure = await SendAsync(http, path, tenantOf(firstRequest + i), bodies[i]);
                if (failure is null)
                {
                    Interlocked.Increment(ref ok);
                }
                else if (Interlocked.Increment(ref failed) == 1)
                {
                    firstFailure = failure;
                }
            }
        })).ToList();
        await Task.WhenAll(senders);
        var sending = clock.Elapsed;
        var generator = ProcessCpu.Own() - generatorBefore;
        var expected = ok * samplesPerRequest;
        double landed;
        while ((landed = await InsertedAsync(http, path.StorageBaseUri) - landedBefore) < expected && clock.Elapsed < sending + LandLimit)
        {
            await Task.Delay(LandPoll);
        }

        var untilLanded = clock.Elapsed;
        if (landed < expected)
        {
            Console.WriteLine($"  {path.Name}: only {landed:N0} of {expected:N0} samples landed within {LandLimit.TotalSeconds:0} s after the last answer");
        }

        await CpuIdle.WaitAsync(path.AllPids, SettleLimit);
        var cpu = path.Processes.ToDictionary(p => p.Role, p => ProcessCpu.Seconds(p.Pids()) - cpuBefore[p.Role]);
        if (failed > 0)
        {
            Console.WriteLine($"  {path.Name}: {failed} requests failed, first: {firstFailure}");
        }

        return new PathResult(path.Name, ok, failed, expected, landed, sending, untilLanded, cpu, generator);
    }

    /// <summary>Rows VictoriaMetrics inserted from remote write: counted once they are in its storage (searchable ~1 s later).</summary>
    public static Task<double> InsertedAsync(HttpClient http, Uri victoriaMetrics) =>
        PrometheusText.ScrapeAsync(http, new Uri(victoriaMetrics, "metrics"), "vm_rows_inserted_total", "type=\"promremotewrite\"");

    /// <returns>Null when answered 2xx, else why not.</returns>
    private static async Task<string?> SendAsync(HttpClient http, DeliveryPath path, string tenant, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.PushUrlFor(tenant)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.UserAgent.ParseAdd("mla-bench/1.0");
        if (path.TenantHeader)
        {
            request.Headers.TryAddWithoutValidation("X-Scope-OrgID", tenant);
        }

        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (HttpRequestException ex)
        {
            return $"transport: {ex.Message}";
        }
    }
}

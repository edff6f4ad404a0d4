using System.Diagnostics;
using System.Net.Http.Headers;

namespace Mla.Benchmarks.Load;

/// <summary>
/// Sends pre-built bodies at full speed with a fixed number of concurrent senders (each waits for its answer, as a
/// remote-write shard does), until all were sent or the time cap passed; then measures the CPU of the receivers
/// until they are idle again.
/// </summary>
internal static class LoadRunner
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    public static async Task<LoadResult> RunAsync(LoadTarget target, HttpClient http, byte[][] bodies, int samplesPerRequest, int concurrency, TimeSpan timeCap)
    {
        long ok = 0, failed = 0, next = -1;
        var firstFailure = string.Empty;
        var countedBefore = await target.CountedSamplesAsync();
        var receiverBefore = ProcessCpu.Seconds(target.ReceiverPids());
        var brokerBefore = ProcessCpu.Seconds(target.BrokerPids());
        var generatorBefore = ProcessCpu.Own();
        var clock = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Length && clock.Elapsed < timeCap)
            {
                var failure = await SendAsync(http, target, bodies[i]);
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
        clock.Stop();
        var generator = ProcessCpu.Own() - generatorBefore;
        var receiverAtEnd = ProcessCpu.Seconds(target.ReceiverPids());
        var brokerAtEnd = ProcessCpu.Seconds(target.BrokerPids());
        await CpuIdle.WaitAsync(() => [.. target.ReceiverPids(), .. target.BrokerPids()], SettleLimit);
        var receiver = ProcessCpu.Seconds(target.ReceiverPids()) - receiverBefore;
        var broker = ProcessCpu.Seconds(target.BrokerPids()) - brokerBefore;
        var deferred = Math.Max(0, receiver + broker - (receiverAtEnd - receiverBefore) - (brokerAtEnd - brokerBefore));
        var counted = await target.CountedSamplesAsync() - countedBefore;
        if (failed > 0)
        {
            Console.WriteLine($"  {target.Name}: {failed} requests failed, first: {firstFailure}");
        }

        return new LoadResult(target.Name, ok, failed, ok * samplesPerRequest, clock.Elapsed, receiver, broker, deferred, generator, counted);
    }

    /// <returns>Null when answered 2xx, else why not.</returns>
    private static async Task<string?> SendAsync(HttpClient http, LoadTarget target, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.PushUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.UserAgent.ParseAdd("mla-bench/1.0");
        foreach (var (name, value) in target.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
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

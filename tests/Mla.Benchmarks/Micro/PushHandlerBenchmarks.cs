using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Gateway;
using Mla.Gateway.RemoteWrite;
using Mla.Hosting;
using Mla.Ingestion.Kafka;
using Mla.KafkaMock;

namespace Mla.Benchmarks.Micro;

/// <summary>
/// The whole <see cref="PushHandler"/> for one request, as composed by <c>AddGatewayService()</c>: tenant header,
/// headers, body read within the in-flight budget, decode + validate, rate limit, produce with the real
/// <c>IngestionProducer</c> (idempotent, acks=all) and wait for the acknowledgement, the metrics, the 204. Only
/// Kestrel, routing and middleware are left out (a <see cref="DefaultHttpContext"/> is handed to the handler).
/// The broker is librdkafka's mock cluster in this process (<c>IngestionProducer</c> is a sealed class, so there is
/// no stub to put in its place without changing the gateway); its CPU is on the other core while an answer waits.
/// </summary>
[MemoryDiagnoser]
public class PushHandlerBenchmarks
{
    private const int Concurrent = 8;

    private MockKafkaCluster? _kafka;
    private WebApplication? _app;
    private PushHandler _handler = null!;
    private byte[] _body = [];
    private string _directory = "";

    /// <summary>librdkafka's linger: 0 shows the handler's own cost; 5 (the default) what a client waits.</summary>
    [Params(0, 5)]
    public int LingerMs { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _body = BenchmarkRequest.Body();
        _kafka = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [new MockKafkaTopic(IngestionTopics.Metrics, 8)] });
        _directory = Directory.CreateTempSubdirectory("mla-bench-handler-").FullName;
        var builder = MlaApplication.CreateBuilder("gateway", new WebApplicationOptions
        {
            ContentRootPath = _directory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Gateway:Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Mla:Gateway:Kafka:LingerMs"] = LingerMs.ToString(CultureInfo.InvariantCulture),
            ["Mla:Gateway:TrustTenantHeader"] = "true",
            [$"Mla:Gateway:Tenants:{BenchmarkRequest.TenantId}:Limits:IngestionRate"] = "1000000000",
            [$"Mla:Gateway:Tenants:{BenchmarkRequest.TenantId}:Limits:IngestionBurstSize"] = "1000000000",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.AddGatewayService();
        _app = MlaApplication.Build(builder, a => a.MapGatewayService());
        await _app.StartAsync();
        _handler = _app.Services.GetRequiredService<PushHandler>();
        var status = await OneRequest();
        if (status != StatusCodes.Status204NoContent)
        {
            throw new InvalidOperationException($"the handler answered {status}, not 204");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _kafka?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One request at a time: its latency, Kafka's round trip included.</summary>
    [Benchmark]
    public async Task<int> OneRequest()
    {
        var context = NewContext();
        await _handler.HandleAsync(context);
        return context.Response.StatusCode;
    }

    /// <summary>Eight at once (as a client's shards send): the time per request when they share the producer's batches.</summary>
    [Benchmark(OperationsPerInvoke = Concurrent)]
    public Task EightConcurrent() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(OneRequest)));

    private DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Path = PushEndpoint.Route;
        request.ContentType = RemoteWriteHeaders.ProtobufMediaType;
        request.Headers.ContentEncoding = "snappy";
        request.Headers["X-Prometheus-Remote-Write-Version"] = "0.1.0";
        request.Headers[Mla.Gateway.Auth.TenantAuthenticator.TenantHeader] = BenchmarkRequest.TenantId;
        request.ContentLength = _body.Length;
        request.Body = new MemoryStream(_body, writable: false);
        context.Response.Body = Stream.Null;
        return context;
    }
}

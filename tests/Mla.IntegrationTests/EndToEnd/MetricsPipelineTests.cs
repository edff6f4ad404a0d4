using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Writer;
using Mla.Ingestion.Kafka;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.Prometheus;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// The whole data plane with real parts: a Prometheus agent with tenant A's client certificate → the gateway over
/// mTLS → the Kafka-protocol broker → the writer → VictoriaMetrics (extra-label placement). Gateway and writer run as
/// two services, as they are deployed.
/// </summary>
public sealed class MetricsPipelineTests : IAsyncLifetime
{
    private const string TenantA = "tenant-a";
    private const string TenantB = "tenant-b";
    private KafkaServer _kafka = null!;
    private VictoriaMetricsServer _victoria = null!;
    private GatewayPki _pki = null!;
    private GatewayTestApp _gateway = null!;
    private WriterTestApp _writer = null!;

    public async Task InitializeAsync()
    {
        _kafka = await KafkaServer.StartAsync([(IngestionTopics.Metrics, 2), (IngestionTopics.DeadLetter(IngestionTopics.Metrics), 1), (IngestionTopics.Retry(IngestionTopics.Metrics), 1)], ownInstance: true);
        _victoria = await VictoriaMetricsServer.StartAsync();
        _pki = GatewayPki.Create();
        _gateway = await GatewayTestApp.StartAsync(_kafka.BootstrapServers, IngestionTopics.Metrics, _pki);
        _writer = await WriterTestApp.StartAsync(WriterSettings.For(_kafka.BootstrapServers, IngestionTopics.Metrics, _victoria.RemoteWriteUrl));
        await _writer.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _gateway.DisposeAsync();
        _pki.Dispose();
        await _victoria.DisposeAsync();
        await _kafka.DisposeAsync();
    }

    [Fact]
    public async Task An_agents_scraped_series_are_stored_for_its_tenant_only()
    {
        var clientDirectory = Path.Combine(_pki.Directory, "agent-a");
        using var certificate = _pki.Client(TenantA);
        var (certFile, keyFile) = Mla.Certificates.PemFiles.Write(certificate, clientDirectory, TenantA);
        var job = "e2e_" + Guid.NewGuid().ToString("N")[..8];
        await using var agent = await PrometheusAgent.StartAsync(new PrometheusAgentOptions
        {
            RemoteWriteUrl = new Uri(_gateway.TlsUrl!, "/api/v1/push"),
            ScrapeJobs = [new PrometheusScrapeJob(job, [_gateway.HttpUrl.Authority])],
            CertFile = certFile,
            KeyFile = keyFile,
            CaFile = _pki.CaBundlePath,
        });

        var series = await Eventually.WaitAsync(
            () => _victoria.QueryAsync($"up{{job=\"{job}\"}}", extraLabel: $"tenant={TenantA}"),
            result => result.Count > 0,
            TimeSpan.FromSeconds(90),
            result => $"{result.Count} series of job {job} for {TenantA}");

        Assert.All(series, s => Assert.Equal(TenantA, s.Labels["tenant"]));
        // What the agent scraped from the gateway's /metrics arrived too, all of it as tenant A.
        var scraped = await Eventually.WaitAsync(
            () => _victoria.QueryAsync($"process_cpu_seconds_total{{job=\"{job}\"}}", extraLabel: $"tenant={TenantA}"),
            result => result.Count > 0,
            TimeSpan.FromSeconds(60),
            result => $"{result.Count} process_cpu_seconds_total series of job {job}");
        Assert.All(scraped, s => Assert.Equal(TenantA, s.Labels["tenant"]));
        Assert.Empty(await _victoria.QueryAsync($"{{job=\"{job}\"}}", extraLabel: $"tenant={TenantB}"));
    }

    [Fact]
    public async Task A_client_with_As_certificate_cannot_store_data_as_B_by_any_header_or_label()
    {
        using var certificate = _pki.Client(TenantA);
        var client = _gateway.TlsClient(certificate);
        var metric = "spoof_" + Guid.NewGuid().ToString("N")[..8];
        // The series itself claims tenant B; the writer's placement must win over it.
        var body = Bodies.Compress(Bodies.Series(["__name__", metric, "tenant", TenantB], 1));

        var viaHeader = await GatewayTestApp.PushAsync(client, new PushRequest(body) { TenantHeader = TenantB });
        var plain = await GatewayTestApp.PushAsync(client, new PushRequest(body));

        Assert.Equal(403, viaHeader.Status);
        Assert.Equal(204, plain.Status);
        var stored = await Eventually.WaitAsync(
            () => _victoria.QueryAsync(metric, extraLabel: $"tenant={TenantA}"),
            result => result.Count > 0,
            TimeSpan.FromSeconds(60),
            result => $"{result.Count} series named {metric} for {TenantA}");
        Assert.All(stored, s => Assert.Equal(TenantA, s.Labels["tenant"]));
        Assert.Empty(await _victoria.QueryAsync(metric, extraLabel: $"tenant={TenantB}"));
        Assert.Empty(await _victoria.QueryAsync($"{{__name__=\"{metric}\",tenant=\"{TenantB}\"}}"));
    }
}

using System.Diagnostics;
using System.Text.Json;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Tenants;
using Mla.IntegrationTests.Webhooks;
using Mla.Tenants.Client;
using Mla.TestSupport.Prometheus;
using Mla.TestSupport.VictoriaMetrics;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// A tenant's whole life on real RabbitMQ, the Kafka-protocol broker, a real Prometheus agent and VictoriaMetrics:
/// signed <c>cluster.created</c> → Ready → the agent writes with the issued certificate → queryable for that tenant
/// → <c>cluster.deleted</c> → the same certificate is refused → with purge on, the series are gone and the tenant is
/// Deleted; with purge off, the data stays and the event says so. Another tenant is never touched.
/// </summary>
[Collection(TenantsCollection.Name)]
public sealed class TenantLifecycleTests(TenantsBroker rabbit, ITestOutputHelper output) : IAsyncLifetime
{
    private VictoriaMetricsServer _victoria = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _victoria = await VictoriaMetricsServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("mla-lifecycle-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _victoria.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task With_purge_on_a_deleted_clusters_certificate_is_refused_and_its_series_are_purged_and_verified()
    {
        await using var events = await BusEventListener.StartAsync(rabbit.Server.AmqpUri);
        await using var pipeline = await TenantPipeline.StartAsync(rabbit.Server, _victoria, new Dictionary<string, string?>
        {
            ["Mla:Tenants:PurgeDataOnDelete"] = "true",
            ["Mla:Tenants:Purge:Stores:vm:Kind"] = "victoriametrics",
            ["Mla:Tenants:Purge:Stores:vm:Url"] = _victoria.BaseUri.ToString(),
            ["Mla:Tenants:Purge:Delay"] = "00:00:02",
        });
        var (tenant, job, credentials) = await WriteWithAnAgentAsync(pipeline);
        using var certificate = credentials.Certificate();
        var (other, otherMetric) = await AnotherTenantsSeriesAsync(pipeline);

        await pipeline.DeleteClusterAsync(tenant);
        var refusedAfter = await RefusedAfterAsync(pipeline, certificate);

        var deprovisioned = await events.WaitForAsync(e => IsDeprovisionedOf(e, tenant), TimeSpan.FromSeconds(90));
        var purge = deprovisioned.Message.GetProperty("purge");
        Assert.True(purge.GetProperty("enabled").GetBoolean());
        var store = Assert.Single(purge.GetProperty("stores").EnumerateArray().ToList());
        Assert.Equal(("vm", "victoriametrics", "metrics", true), (
            store.GetProperty("store").GetString(), store.GetProperty("kind").GetString(), store.GetProperty("signal").GetString(), store.GetProperty("verified").GetBoolean()));
        Assert.Equal(JsonValueKind.String, purge.GetProperty("completedAt").ValueKind);
        await pipeline.Tenants.WaitForStatusAsync(tenant, "Deleted");
        // Our own query, besides the purger's verification: nothing of the tenant is left, the other tenant is intact.
        await Eventually.WaitAsync(
            () => _victoria.QueryAsync($"{{job=\"{job}\"}}", extraLabel: $"tenant={tenant}"),
            series => series.Count == 0,
            TimeSpan.FromSeconds(30),
            series => $"{series.Count} series of {tenant} still in VictoriaMetrics");
        Assert.NotEmpty(await _victoria.QueryAsync(otherMetric, extraLabel: $"tenant={other}"));
        // Nothing secret in what the tenant service logged through all of it: no key, no token, no internal token.
        var keyBody = credentials.PrivateKeyPem.Split('\n')[1];
        pipeline.Tenants.Logs.AssertNoSecrets(keyBody, credentials.BearerToken!, pipeline.Tenants.Token, pipeline.Tenants.KeyEncryptionKey);
        output.WriteLine($"certificate refused {refusedAfter.TotalSeconds:F1} s after cluster.deleted was accepted");
    }

    [Fact]
    public async Task With_purge_off_a_deleted_clusters_data_stays_and_the_event_says_so()
    {
        await using var events = await BusEventListener.StartAsync(rabbit.Server.AmqpUri);
        await using var pipeline = await TenantPipeline.StartAsync(rabbit.Server, _victoria, []);
        var (tenant, job, credentials) = await WriteWithAnAgentAsync(pipeline);
        using var certificate = credentials.Certificate();
        // The tenant's bearer token (for agents without mTLS) works while it is Ready, and not after.
        Assert.Equal(204, (await pipeline.PushWithTokenAsync(credentials.BearerToken!, Bodies.NewMetric("token"))).Status);

        await pipeline.DeleteClusterAsync(tenant);
        await RefusedAfterAsync(pipeline, certificate);
        Assert.Equal(401, (await pipeline.PushWithTokenAsync(credentials.BearerToken!, Bodies.NewMetric("token_after"))).Status);

        var deprovisioned = await events.WaitForAsync(e => IsDeprovisionedOf(e, tenant), TimeSpan.FromSeconds(30));
        var purge = deprovisioned.Message.GetProperty("purge");
        Assert.False(purge.GetProperty("enabled").GetBoolean());
        Assert.Empty(purge.GetProperty("stores").EnumerateArray());
        await pipeline.Tenants.WaitForStatusAsync(tenant, "Deleted");
        Assert.NotEmpty(await _victoria.QueryAsync($"up{{job=\"{job}\"}}", extraLabel: $"tenant={tenant}"));
    }

    private static bool IsDeprovisionedOf(ReceivedEvent received, string tenant) =>
        received.Type == "TenantDeprovisioned" && received.Message.GetProperty("tenant").GetProperty("id").GetString() == tenant;

    /// <summary>A new cluster, a real Prometheus agent with its issued certificate, until its series are queryable.</summary>
    private async Task<(string Tenant, string Job, TenantCredentials Credentials)> WriteWithAnAgentAsync(TenantPipeline pipeline)
    {
        var tenant = await pipeline.CreateClusterAsync();
        var credentials = await pipeline.CredentialsAsync(tenant);
        var (certFile, keyFile) = credentials.WriteTo(Path.Combine(_directory, tenant));
        var job = "lifecycle_" + Guid.NewGuid().ToString("N")[..8];
        await using (var agent = await PrometheusAgent.StartAsync(new PrometheusAgentOptions
        {
            RemoteWriteUrl = new Uri(pipeline.Gateway.TlsUrl!, "/api/v1/push"),
            ScrapeJobs = [new PrometheusScrapeJob(job, [pipeline.Gateway.HttpUrl.Authority])],
            CertFile = certFile,
            KeyFile = keyFile,
            CaFile = pipeline.Pki.CaBundlePath,
        }))
        {
            var series = await Eventually.WaitAsync(
                () => _victoria.QueryAsync($"up{{job=\"{job}\"}}", extraLabel: $"tenant={tenant}"),
                result => result.Count > 0,
                TimeSpan.FromSeconds(90),
                result => $"{result.Count} series of job {job} for {tenant}");
            Assert.All(series, s => Assert.Equal(tenant, s.Labels["tenant"]));
        }

        using var certificate = credentials.Certificate();
        Assert.Equal(204, (await pipeline.PushAsync(certificate, Bodies.NewMetric("before_delete"))).Status);
        return (tenant, job, credentials);
    }

    private async Task<(string Tenant, string Metric)> AnotherTenantsSeriesAsync(TenantPipeline pipeline)
    {
        var other = await pipeline.CreateClusterAsync();
        using var certificate = (await pipeline.CredentialsAsync(other)).Certificate();
        var metric = Bodies.NewMetric("other");
        Assert.Equal(204, (await pipeline.PushAsync(certificate, metric)).Status);
        await Eventually.WaitAsync(
            () => _victoria.QueryAsync(metric, extraLabel: $"tenant={other}"),
            result => result.Count > 0,
            TimeSpan.FromSeconds(60),
            result => $"{result.Count} series {metric} of {other}");
        return (other, metric);
    }

    /// <summary>The same certificate is refused within seconds of the deletion (a new connection each try).</summary>
    private static async Task<TimeSpan> RefusedAfterAsync(TenantPipeline pipeline, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var clock = Stopwatch.StartNew();
        var (status, body) = await Eventually.WaitAsync(
            () => pipeline.PushAsync(certificate, Bodies.NewMetric("after_delete")),
            result => result.Status is 401 or 403,
            TimeSpan.FromSeconds(30),
            result => $"the deleted tenant's certificate still gets {result.Status}");
        Assert.Contains("not Ready", body, StringComparison.Ordinal);
        return clock.Elapsed;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Tenants;
using Mla.IntegrationTests.Webhooks;
using Mla.IntegrationTests.Writer;
using Mla.Ingestion.Kafka;
using Mla.Tenants.Client;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.RabbitMq;
using Mla.TestSupport.VictoriaMetrics;
using Mla.Webhooks.CloudEvents;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// The control plane and the data plane together, as deployed: webhooks and tenants on a real RabbitMQ, the gateway
/// following the tenant service (list + events), and — with storage — the writer into VictoriaMetrics, following
/// the tenants too. Agents get their credentials from the tenant service's internal endpoint, as the exporter will.
/// </summary>
internal sealed class TenantPipeline : IAsyncDisposable
{
    private TenantPipeline(KafkaServer kafka, TenantsTestApp tenants, WebhooksTestApp webhooks, GatewayPki pki, GatewayTestApp gateway, WriterTestApp? writer)
    {
        Kafka = kafka;
        Tenants = tenants;
        Webhooks = webhooks;
        Pki = pki;
        Gateway = gateway;
        Writer = writer;
    }

    public KafkaServer Kafka { get; }

    public TenantsTestApp Tenants { get; }

    public WebhooksTestApp Webhooks { get; }

    public GatewayPki Pki { get; }

    public GatewayTestApp Gateway { get; }

    public WriterTestApp? Writer { get; }

    public static async Task<TenantPipeline> StartAsync(RabbitMqServer rabbit, VictoriaMetricsServer? victoria, Dictionary<string, string?> tenantSettings)
    {
        var kafka = await KafkaServer.StartAsync([(IngestionTopics.Metrics, 2), (IngestionTopics.DeadLetter(IngestionTopics.Metrics), 1), (IngestionTopics.Retry(IngestionTopics.Metrics), 1), (IngestionTopics.Logs, 1)], ownInstance: true);
        var bus = BusSettings.RabbitMq(rabbit);
        var pki = GatewayPki.Create();
        // The CA that signed the gateway's server certificate: handed out with the credentials, agents verify the gateway with it.
        var tenants = await TenantsTestApp.StartAsync(new Dictionary<string, string?>(
            bus.Concat(tenantSettings).Append(new("Mla:Tenants:GatewayCaPath", pki.ServerCaPath))));
        var webhooks = await WebhooksTestApp.StartAsync(BusSettings.RabbitMq(rabbit));
        var tenantsUrl = tenants.Http.BaseAddress!.ToString();
        var gateway = await GatewayTestApp.StartAsync(kafka.BootstrapServers, IngestionTopics.Metrics, pki, new Dictionary<string, string?>(bus)
        {
            ["Mla:Gateway:TenantService:Url"] = tenantsUrl,
            ["Mla:Gateway:TenantService:Token"] = TestAccess.InternalToken,
            ["Mla:Gateway:TenantService:RetryInterval"] = "00:00:00.500",
        });
        await ServiceHttp.WaitUntilReadyAsync(gateway.Http, TimeSpan.FromSeconds(60));
        WriterTestApp? writer = null;
        if (victoria is not null)
        {
            var settings = WriterSettings.For(kafka.BootstrapServers, IngestionTopics.Metrics, victoria.RemoteWriteUrl, ("Mla:Writer:Tenants:Url", tenantsUrl), ("Mla:Writer:Tenants:Token", TestAccess.InternalToken));
            foreach (var (key, value) in bus)
            {
                settings[key] = value;
            }

            writer = await WriterTestApp.StartAsync(settings);
            await writer.WaitUntilReadyAsync();
        }

        return new TenantPipeline(kafka, tenants, webhooks, pki, gateway, writer);
    }

    /// <summary>A signed <c>cluster.created</c> for a new cluster id; returns once its tenant is Ready.</summary>
    public async Task<string> CreateClusterAsync(string? seed = null)
    {
        var clusterId = ExampleEvent.NewClusterId();
        var created = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, clusterId);
        created["time"] = DateTimeOffset.UtcNow.ToString("O");
        if (seed is not null)
        {
            created["data"]!["seed"] = seed;
        }

        Assert.Equal(HttpStatusCode.Accepted, (await Webhooks.PostAsync(ExampleEvent.Bytes(created))).StatusCode);
        await Tenants.WaitForStatusAsync(clusterId, "Ready");
        return clusterId;
    }

    /// <summary>A signed <c>cluster.deleted</c> (one second after anything sent before).</summary>
    public async Task DeleteClusterAsync(string clusterId)
    {
        var deleted = ExampleEvent.Fresh(KkpEventTypes.ClusterDeleted, clusterId);
        deleted["time"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O");
        Assert.Equal(HttpStatusCode.Accepted, (await Webhooks.PostAsync(ExampleEvent.Bytes(deleted))).StatusCode);
    }

    /// <summary>What the exporter would fetch: <c>GET /internal/v1/tenants/{id}/credentials</c> with the internal token.</summary>
    public async Task<TenantCredentials> CredentialsAsync(string tenantId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/v1/tenants/{tenantId}/credentials");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tenants.Token);
        using var response = await Tenants.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TenantCredentials>())!;
    }

    /// <summary>Pushes one series of <paramref name="samples"/> samples over mTLS with a new connection; returns the status.</summary>
    public async Task<(int Status, string Body)> PushAsync(X509Certificate2 certificate, string metric, int samples = 1)
    {
        var (status, body, response) = await GatewayTestApp.PushAsync(Gateway.TlsClient(certificate), new PushRequest(Bodies.Valid(samples, metric)));
        response.Dispose();
        return (status, body);
    }

    /// <summary>Pushes one series with <c>Authorization: Bearer</c> (agents without mTLS) to the plain HTTP address.</summary>
    public async Task<(int Status, string Body)> PushWithTokenAsync(string token, string metric)
    {
        var (status, body, response) = await GatewayTestApp.PushAsync(Gateway.Http, new PushRequest(Bodies.Valid(1, metric)) { Bearer = token });
        response.Dispose();
        return (status, body);
    }

    public async ValueTask DisposeAsync()
    {
        if (Writer is not null)
        {
            await Writer.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        Pki.Dispose();
        await Webhooks.DisposeAsync();
        await Tenants.DisposeAsync();
        await Kafka.DisposeAsync();
    }
}

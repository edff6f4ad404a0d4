using Mla.IntegrationTests.Support;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;
using Mla.IntegrationTests.Webhooks;
using Mla.Tenants.Store;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Tenants;

/// <summary>Cluster events through a real RabbitMQ into the tenant service; results read back through its API.</summary>
[Collection(TenantsCollection.Name)]
public sealed class TenantsOnRabbitMqTests(TenantsBroker rabbit, ITestOutputHelper output) : IAsyncLifetime
{
    private TenantsTestApp _app = null!;
    private BusEventListener _listener = null!;

    public async Task InitializeAsync()
    {
        _listener = await BusEventListener.StartAsync(rabbit.Server.AmqpUri);
        _app = await TenantsTestApp.StartAsync(BusSettings.RabbitMq(rabbit.Server));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task Created_cluster_becomes_Ready_hands_out_credentials_and_deleted_cluster_becomes_Deleted()
    {
        var cluster = NewCluster(NewSeed(), "a");
        await _app.Bus.Publish(new ClusterCreated(Guid.NewGuid().ToString(), "urn:test", DateTimeOffset.UtcNow, cluster));

        var ready = await _app.WaitForStatusAsync(cluster.Id, "Ready");
        Assert.Equal(cluster.Seed, ready.GetProperty("seed").GetString());
        Assert.Equal(cluster.ProjectId, ready.GetProperty("projectId").GetString());
        Assert.Equal(cluster.Id, ready.GetProperty("clusterId").GetString());
        Assert.True(ready.GetProperty("limits").TryGetProperty("monitoring", out _));
        var serial = ready.GetProperty("certificate").GetProperty("serial").GetString()!;
        var provisioned = await _listener.WaitForAsync(e => e.Type == nameof(TenantProvisioned) && e.Message.GetProperty("tenant").GetProperty("id").GetString() == cluster.Id);
        Assert.Equal(serial, provisioned.Message.GetProperty("tenant").GetProperty("certificateSerial").GetString());
        Assert.DoesNotContain("PRIVATE KEY", provisioned.Message.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetCredentialsAsync(cluster.Id, token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetCredentialsAsync(cluster.Id, token: _app.Token + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetCredentialsAsync(cluster.Id, token: TestAccess.OperatorToken)).StatusCode);
        var response = await GetCredentialsAsync(cluster.Id, _app.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var credentials = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TenantsTestApp.GatewayUrl, credentials.GetProperty("gatewayUrl").GetString());
        using var certificate = X509Certificate2.CreateFromPem(
            credentials.GetProperty("certificatePem").GetString(), credentials.GetProperty("privateKeyPem").GetString());
        using var authority = X509Certificate2.CreateFromPem(credentials.GetProperty("clientCaBundlePem").GetString());
        // No gateway CA configured here: agents verify the gateway with their system trust store, never with the client CA.
        Assert.Equal("", credentials.GetProperty("caBundlePem").GetString());
        Assert.Equal($"CN={cluster.Id}", certificate.Subject);
        Assert.Equal(serial, certificate.SerialNumber);
        Assert.True(certificate.HasPrivateKey);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        Assert.True(chain.Build(certificate), "the client certificate chains to its seed's CA with client-auth usage");

        await _app.Bus.Publish(new ClusterDeleted(Guid.NewGuid().ToString(), "urn:test", DateTimeOffset.UtcNow, cluster));

        var deleted = await _app.WaitForStatusAsync(cluster.Id, "Deleted");
        Assert.Equal(JsonValueKind.String, deleted.GetProperty("certificate").GetProperty("revokedAt").ValueKind);
        var goodbye = await _listener.WaitForAsync(e => e.Type == nameof(TenantDeprovisioned) && e.Message.GetProperty("tenant").GetProperty("id").GetString() == cluster.Id);
        Assert.False(goodbye.Message.GetProperty("purge").GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await GetCredentialsAsync(cluster.Id, _app.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http.GetAsync(new Uri("/api/v1/tenants/no-such-tenant", UriKind.Relative))).StatusCode);

        _app.Logs.AssertNoSecrets(_app.Token, _app.KeyEncryptionKey);
    }

    [Fact]
    public async Task A_thousand_clusters_become_Ready_once_and_a_resync_of_them_writes_nothing()
    {
        const int count = 1000;
        var seed = NewSeed();
        var time = DateTimeOffset.UtcNow;
        var clusters = Enumerable.Range(0, count).Select(i => NewCluster(seed, i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var store = _app.Service<ITenantStore>();

        var clock = Stopwatch.StartNew();
        await PublishAllAsync(clusters, time);
        await Eventually.WaitAsync(
            () => store.ListAsync(new TenantQuery(seed, Status: TenantStatus.Ready), default),
            tenants => tenants.Count == count,
            TimeSpan.FromMinutes(5),
            tenants => $"{tenants.Count} of {count} tenants Ready");
        var firstPass = clock.Elapsed;
        output.WriteLine($"{count} ClusterCreated → {count} tenants Ready in {firstPass.TotalSeconds:0.0} s");

        var (writes, issued, reconciled) = (_app.Metrics.Writes.Value, _app.Metrics.CertificatesIssued.Value, _app.ClusterEventsReconciled());
        clock.Restart();
        await PublishAllAsync(clusters, time); // a resync: the same state, same times, new event ids
        await Eventually.WaitAsync(
            () => Task.FromResult(_app.ClusterEventsReconciled() - reconciled),
            done => done >= count,
            TimeSpan.FromMinutes(5),
            done => $"{done} of {count} resync events reconciled");
        output.WriteLine($"resync of {count} unchanged clusters reconciled in {clock.Elapsed.TotalSeconds:0.0} s: " +
            $"{_app.Metrics.Writes.Value - writes} writes, {_app.Metrics.CertificatesIssued.Value - issued} certificates");

        Assert.Equal(0, _app.Metrics.Writes.Value - writes);
        Assert.Equal(0, _app.Metrics.CertificatesIssued.Value - issued);
        var tenants = await _app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/tenants?seed={seed}&status=Ready");
        Assert.Equal(count, tenants.GetProperty("count").GetInt32());
        var ids = clusters.Select(c => c.Id).ToHashSet();
        await Eventually.WaitAsync(
            () => Task.FromResult(_listener.Received.Count(e => e.Type == nameof(TenantProvisioned) && ids.Contains(e.Message.GetProperty("tenant").GetProperty("id").GetString()!))),
            seen => seen >= count,
            TimeSpan.FromSeconds(30),
            seen => $"{seen} TenantProvisioned seen");
        var provisioned = _listener.Received.Where(e => e.Type == nameof(TenantProvisioned))
            .Select(e => e.Message.GetProperty("tenant").GetProperty("id").GetString()!).Where(ids.Contains).ToList();
        Assert.Equal(count, provisioned.Count);
        Assert.Equal(count, provisioned.Distinct().Count());
        _app.Logs.AssertNoSecrets(_app.Token, _app.KeyEncryptionKey);
    }

    private async Task PublishAllAsync(IReadOnlyList<ClusterState> clusters, DateTimeOffset time)
    {
        foreach (var chunk in clusters.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(c => _app.Bus.Publish(new ClusterCreated(Guid.NewGuid().ToString(), "urn:test", time, c))));
        }
    }

    private async Task<HttpResponseMessage> GetCredentialsAsync(string id, string? token)
    {
        // A client of its own: the app's client sends the operator token on every request.
        using var http = new HttpClient { BaseAddress = _app.Http.BaseAddress }.As(token);
        return await http.GetAsync(new Uri($"/internal/v1/tenants/{id}/credentials", UriKind.Relative));
    }

    private static string NewSeed() => "seed-" + Guid.NewGuid().ToString("N")[..8];

    private static ClusterState NewCluster(string seed, string suffix) => new(
        "t" + Guid.NewGuid().ToString("N")[..10] + suffix, "cluster-" + suffix, seed, "project-1", "Running", true, false, new Dictionary<string, string>());
}

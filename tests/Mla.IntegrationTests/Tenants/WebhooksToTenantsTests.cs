using Mla.IntegrationTests.Support;
using System.Net;
using Mla.IntegrationTests.Webhooks;
using Mla.Webhooks.CloudEvents;

namespace Mla.IntegrationTests.Tenants;

/// <summary>Signed KKP webhooks into Mla.Webhooks, integration events over a real RabbitMQ, tenants out of Mla.Tenants.</summary>
[Collection(TenantsCollection.Name)]
public sealed class WebhooksToTenantsTests(TenantsBroker rabbit) : IAsyncLifetime
{
    private WebhooksTestApp _webhooks = null!;
    private TenantsTestApp _tenants = null!;

    public async Task InitializeAsync()
    {
        _tenants = await TenantsTestApp.StartAsync(BusSettings.RabbitMq(rabbit.Server));
        _webhooks = await WebhooksTestApp.StartAsync(BusSettings.RabbitMq(rabbit.Server));
    }

    public async Task DisposeAsync()
    {
        await _webhooks.DisposeAsync();
        await _tenants.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_cluster_created_makes_the_tenant_Ready_and_cluster_deleted_makes_it_Deleted()
    {
        var clusterId = ExampleEvent.NewClusterId();
        var created = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, clusterId);
        created["time"] = DateTimeOffset.UtcNow.ToString("O");
        Assert.Equal(HttpStatusCode.Accepted, (await _webhooks.PostAsync(ExampleEvent.Bytes(created))).StatusCode);

        var ready = await _tenants.WaitForStatusAsync(clusterId, "Ready");
        Assert.Equal((string)created["data"]!["seed"]!, ready.GetProperty("seed").GetString());

        var deleted = ExampleEvent.Fresh(KkpEventTypes.ClusterDeleted, clusterId);
        deleted["time"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O");
        Assert.Equal(HttpStatusCode.Accepted, (await _webhooks.PostAsync(ExampleEvent.Bytes(deleted))).StatusCode);

        await _tenants.WaitForStatusAsync(clusterId, "Deleted");
    }
}

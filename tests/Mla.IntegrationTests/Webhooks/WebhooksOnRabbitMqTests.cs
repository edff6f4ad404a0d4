using Mla.IntegrationTests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mla.TestSupport.RabbitMq;
using Mla.Webhooks.CloudEvents;
using Mla.Webhooks.Intake;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>Signed KKP webhooks in, integration events out, on a real RabbitMQ.</summary>
public sealed class WebhooksOnRabbitMqTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>, IAsyncLifetime
{
    private WebhooksTestApp _app = null!;
    private BusEventListener _listener = null!;

    public async Task InitializeAsync()
    {
        _listener = await BusEventListener.StartAsync(rabbit.AmqpUri);
        _app = await WebhooksTestApp.StartAsync(BusSettings.RabbitMq(rabbit.Server));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_event_is_published_with_the_full_cluster_state_before_202()
    {
        var clusterId = ExampleEvent.NewClusterId();
        var cloudEvent = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, clusterId);

        var response = await _app.PostAsync(ExampleEvent.Bytes(cloudEvent));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var received = await _listener.WaitForAsync(e => e.Type == "ClusterCreated" && e.EventId == (string)cloudEvent["id"]!);
        var cluster = received.Message.GetProperty("cluster");
        var data = cloudEvent["data"]!;
        Assert.Equal(clusterId, cluster.GetProperty("id").GetString());
        Assert.Equal((string)data["name"]!, cluster.GetProperty("name").GetString());
        Assert.Equal((string)data["seed"]!, cluster.GetProperty("seed").GetString());
        Assert.Equal((string)data["projectId"]!, cluster.GetProperty("projectId").GetString());
        Assert.Equal((string)data["phase"]!, cluster.GetProperty("phase").GetString());
        Assert.Equal((bool)data["spec"]!["mla"]!["monitoringEnabled"]!, cluster.GetProperty("monitoringEnabled").GetBoolean());
        Assert.Equal((bool)data["spec"]!["mla"]!["loggingEnabled"]!, cluster.GetProperty("loggingEnabled").GetBoolean());
        Assert.Equal((string)data["labels"]!["team"]!, cluster.GetProperty("labels").GetProperty("team").GetString());
        Assert.Equal((string)cloudEvent["source"]!, received.Source);
        Assert.Equal("Mla.Contracts.Clusters:ClusterCreated", received.Exchange);

        var stored = await _app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/clusters/{clusterId}");
        Assert.Equal((string)data["name"]!, stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_same_event_id_twice_gives_one_integration_event()
    {
        var cloudEvent = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, ExampleEvent.NewClusterId());
        var body = ExampleEvent.Bytes(cloudEvent);

        var first = await _app.PostAsync(body);
        var second = await _app.PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(1, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        // A later event from the same publisher arrives after anything published before it: once it is here,
        // a second copy of the first event would have been too.
        var marker = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, ExampleEvent.NewClusterId());
        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostAsync(ExampleEvent.Bytes(marker))).StatusCode);
        await _listener.WaitForAsync(e => e.EventId == (string)marker["id"]!);
        Assert.Single(_listener.Received, e => e.EventId == (string)cloudEvent["id"]!);
    }

    [Fact]
    public async Task An_older_event_is_accepted_but_neither_stored_nor_published()
    {
        var clusterId = ExampleEvent.NewClusterId();
        var newer = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, clusterId);
        newer["time"] = "2026-06-02T00:00:00Z";
        newer["data"]!["phase"] = "Running";
        var older = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, clusterId);
        older["time"] = "2026-06-01T00:00:00Z";
        older["data"]!["phase"] = "Creating";

        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostAsync(ExampleEvent.Bytes(newer))).StatusCode);
        var response = await _app.PostAsync(ExampleEvent.Bytes(older));

        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stale").GetInt32());
        var stored = await _app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/clusters/{clusterId}");
        Assert.Equal("Running", stored.GetProperty("phase").GetString());
        var marker = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, ExampleEvent.NewClusterId());
        await _app.PostAsync(ExampleEvent.Bytes(marker));
        await _listener.WaitForAsync(e => e.EventId == (string)marker["id"]!);
        Assert.DoesNotContain(_listener.Received, e => e.EventId == (string)older["id"]!);
    }

    [Fact]
    public async Task A_batch_publishes_every_event()
    {
        var project = ExampleEvent.Fresh(KkpEventTypes.ProjectCreated, "it" + Guid.NewGuid().ToString("N")[..8]);
        var cluster = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, ExampleEvent.NewClusterId());
        var response = await _app.PostAsync(ExampleEvent.Bytes(new JsonArray(project, cluster)), contentType: KkpWebhookEndpoint.BatchMediaType);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _listener.WaitForAsync(e => e.Type == "ProjectCreated" && e.EventId == (string)project["id"]!);
        await _listener.WaitForAsync(e => e.Type == "ClusterCreated" && e.EventId == (string)cluster["id"]!);
    }

    [Fact]
    public async Task Resync_publishes_one_event_per_catalog_object()
    {
        var seeded = KkpEventTypes.All.Keys.Select(type => ExampleEvent.Fresh(type)).ToList();
        foreach (var cloudEvent in seeded)
        {
            // Each type's example is a distinct object (deletions use their own ids), except where they share one.
            cloudEvent["time"] = DateTimeOffset.UtcNow.ToString("O");
            Assert.Equal(HttpStatusCode.Accepted, (await _app.PostAsync(ExampleEvent.Bytes(cloudEvent))).StatusCode);
        }

        var objects = await CountCatalogObjectsAsync();
        var start = await _app.Http.PostAsync(new Uri("/api/v1/resync", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var status = await WaitForResyncAsync(id);
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.Equal(objects, status.GetProperty("published").GetInt32());
        await _listener.WaitForAsync(e => e.Type == "FleetSnapshotCompleted" && e.Message.GetProperty("snapshotId").GetString() == id);
        var republished = _listener.Received.Where(e => e.Source == $"urn:mla:resync:{id}" && !e.Type.StartsWith("FleetSnapshot", StringComparison.Ordinal)).ToList();
        Assert.Equal(objects, republished.Count);
        Assert.Equal(objects, republished.Select(e => e.EventId).Distinct().Count());
        var started = Assert.Single(_listener.Received, e => e.Type == "FleetSnapshotStarted" && e.Message.GetProperty("snapshotId").GetString() == id);
        Assert.Equal(objects, started.Message.GetProperty("objectCount").GetInt32());
    }

    private async Task<int> CountCatalogObjectsAsync() =>
        await _app.Service<Mla.Webhooks.Catalog.IFleetCatalog>().CountAsync(CancellationToken.None);

    private async Task<JsonElement> WaitForResyncAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await _app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/resync/{id}");
            if (status.GetProperty("state").GetString() != "Running" || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }
}

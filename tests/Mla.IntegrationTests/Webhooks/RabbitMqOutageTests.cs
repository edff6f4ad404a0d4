using Mla.IntegrationTests.Support;
using System.Net;
using Mla.TestSupport.RabbitMq;
using Mla.Webhooks.CloudEvents;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>With RabbitMQ stopped the receiver answers 503 so KKP retries; nothing it did not publish counts as accepted.</summary>
public sealed class RabbitMqOutageTests : IAsyncLifetime
{
    private RabbitMqServer _rabbit = null!;

    public async Task InitializeAsync() => _rabbit = await RabbitMqServer.StartAsync(ownInstance: true);

    public async Task DisposeAsync() => await _rabbit.DisposeAsync();

    [Fact]
    public async Task A_stopped_broker_gives_503_and_the_retry_after_it_is_back_is_delivered()
    {
        await using var app = await WebhooksTestApp.StartAsync(BusSettings.RabbitMq(_rabbit));
        var clusterId = ExampleEvent.NewClusterId();
        var cloudEvent = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, clusterId);
        var body = ExampleEvent.Bytes(cloudEvent);
        const string accepted = "mla_webhooks_events_total{type=\"io.kubermatic.cluster.created\",outcome=\"accepted\"}";

        await _rabbit.StopAsync();
        var response = await app.PostAsync(body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null, "a 503 tells the sender when to retry");
        Assert.Equal(0, await app.MetricAsync(accepted));
        Assert.Equal(1, await app.MetricAsync("mla_webhooks_requests_rejected_total{reason=\"bus_unavailable\"}"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync(new Uri($"/api/v1/clusters/{clusterId}", UriKind.Relative))).StatusCode);

        await _rabbit.StartAgainAsync();
        await app.WaitUntilReadyAsync();
        await using var listener = await BusEventListener.StartAsync(_rabbit.AmqpUri);
        var retry = await app.PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(1, await app.MetricAsync(accepted));
        await listener.WaitForAsync(e => e.EventId == (string)cloudEvent["id"]!);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync(new Uri($"/api/v1/clusters/{clusterId}", UriKind.Relative))).StatusCode);
    }
}

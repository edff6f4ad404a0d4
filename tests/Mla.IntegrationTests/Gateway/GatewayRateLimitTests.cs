namespace Mla.IntegrationTests.Gateway;

/// <summary>A tenant over its rate gets 429 with the reason and Retry-After; other tenants are unaffected.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayRateLimitTests(GatewayKafkaFixture kafka) : IAsyncLifetime
{
    private const string Topic = GatewayKafkaFixture.LimitsTopic;
    private const string SlowToken = "token-of-slow";
    private GatewayTestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await GatewayTestApp.StartAsync(kafka.BootstrapServers, Topic, pki: null, new()
        {
            // 0.01 samples/s: the bucket does not measurably refill during the test, whatever the machine's speed.
            ["Mla:Gateway:Tenants:slow:TokenSha256"] = GatewayTestApp.Sha256(SlowToken),
            ["Mla:Gateway:Tenants:slow:Limits:IngestionRate"] = "0.01",
            ["Mla:Gateway:Tenants:slow:Limits:IngestionBurstSize"] = "10",
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Over_its_rate_a_tenant_gets_429_and_another_tenant_is_unaffected()
    {
        var first = Bodies.NewMetric("first");
        var over = Bodies.NewMetric("over");
        var other = Bodies.NewMetric("other");

        var (burstStatus, burstText, _) = await GatewayTestApp.PushAsync(_app.Http, new PushRequest(Bodies.Valid(10, first)) { Bearer = SlowToken });
        var (overStatus, overText, overResponse) = await GatewayTestApp.PushAsync(_app.Http, new PushRequest(Bodies.Valid(5, over)) { Bearer = SlowToken });
        var (otherStatus, otherText, _) = await GatewayTestApp.PushAsync(_app.Http, new PushRequest(Bodies.Valid(10, other)) { Bearer = GatewayTestApp.Token });

        Assert.True(burstStatus == 204, $"{burstStatus} {burstText}");
        Assert.Equal(429, overStatus);
        Assert.Contains("tenant 'slow' is over its rate of 0.01 samples/s (burst 10)", overText, StringComparison.Ordinal);
        Assert.True(overResponse.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {overResponse.Headers.RetryAfter}");
        Assert.True(otherStatus == 204, $"{otherStatus} {otherText}");
        var records = await TopicRecords.ReadAsync(kafka.BootstrapServers, Topic, r => r.Carries(first) && r.Carries(other), TimeSpan.FromSeconds(60));
        Assert.False(records.Carries(over), "a rate-limited push reached the topic");
        Assert.Equal(5, await _app.MetricAsync("mla_gateway_samples_rejected_total{tenant=\"slow\",reason=\"rate_limited\"}"));
    }

    [Fact]
    public async Task A_request_larger_than_the_burst_is_told_it_can_never_pass()
    {
        var (status, text, response) = await GatewayTestApp.PushAsync(_app.Http, new PushRequest(Bodies.Valid(11, Bodies.NewMetric())) { Bearer = SlowToken });

        Assert.Equal(429, status);
        Assert.Contains("more than the burst of 10 samples: it can never pass", text, StringComparison.Ordinal);
        Assert.Null(response.Headers.RetryAfter);
    }
}

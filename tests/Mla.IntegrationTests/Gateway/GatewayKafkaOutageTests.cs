using System.Diagnostics;
using Mla.TestSupport.Kafka;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Gateway;

/// <summary>
/// With the broker gone the gateway answers 503 within its produce deadline (agents retry), stays alive, turns
/// unready; what it answered 2xx before is on the topic — for remote write and Loki push. Its own broker: this test kills it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayKafkaOutageTests(ITestOutputHelper output)
{
    private const string Topic = "gateway-outage";
    private const string LogsTopic = "gateway-outage-logs";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_dead_broker_gives_503_within_the_deadline_and_everything_acknowledged_before_is_on_the_topic()
    {
        await using var kafka = await KafkaServer.StartAsync([(Topic, 2), (LogsTopic, 2)], ownInstance: true);
        output.WriteLine(kafka.Description);
        await using var app = await GatewayTestApp.StartAsync(kafka.BootstrapServers, Topic, pki: null, new()
        {
            ["Mla:Gateway:Kafka:ProduceDeadline"] = Deadline.ToString(),
            ["Mla:Gateway:Kafka:LogsTopic"] = LogsTopic,
            ["Mla:Gateway:Kafka:ReadinessCacheDuration"] = "00:00:00",
            ["Mla:Gateway:Kafka:ReadinessTimeout"] = "00:00:01",
        });
        var acknowledged = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var metric = Bodies.NewMetric("before");
            var (status, text, _) = await GatewayTestApp.PushAsync(app.Http, new PushRequest(Bodies.Valid(2, metric)) { Bearer = GatewayTestApp.Token });
            Assert.True(status == 204, $"{status} {text}");
            acknowledged.Add(metric);
        }

        var acknowledgedLines = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var line = LogBodies.NewMarker("before");
            var (status, text, _) = await GatewayTestApp.PushAsync(app.Http, LogBodies.Json(GatewayTestApp.Token, ("a", line)));
            Assert.True(status == 204, $"{status} {text}");
            acknowledgedLines.Add(line);
        }

        var logRecords = await TopicRecords.ReadAsync(kafka.BootstrapServers, LogsTopic, r => acknowledgedLines.All(r.CarriesLine), TimeSpan.FromSeconds(60));
        Assert.All(acknowledgedLines, line => Assert.True(logRecords.CarriesLine(line), $"{line} was acknowledged but is not on the logs topic"));
        var records = await TopicRecords.ReadAsync(kafka.BootstrapServers, Topic, r => acknowledged.All(r.Carries), TimeSpan.FromSeconds(60));
        Assert.All(acknowledged, metric => Assert.True(records.Carries(metric), $"{metric} was acknowledged but is not on the topic"));
        Assert.Equal(200, await app.StatusOfAsync("/readyz"));

        await kafka.StopAsync();
        var clock = Stopwatch.StartNew();
        var (outageStatus, outageText, outage) = await GatewayTestApp.PushAsync(app.Http, new PushRequest(Bodies.Valid(2, Bodies.NewMetric("during"))) { Bearer = GatewayTestApp.Token });
        var answeredIn = clock.Elapsed;

        output.WriteLine($"503 after {answeredIn.TotalSeconds:0.00} s: {outageText}");
        Assert.Equal(503, outageStatus);
        Assert.Contains("Kafka", outageText, StringComparison.Ordinal);
        Assert.NotNull(outage.Headers.RetryAfter);
        // Slack for a loaded CI machine; without the deadline librdkafka would hold the record for message.timeout.ms
        // (default 5 min).
        Assert.True(answeredIn < Deadline + TimeSpan.FromSeconds(6), $"answered after {answeredIn.TotalSeconds:0.00} s, deadline {Deadline.TotalSeconds} s");
        Assert.Equal(200, await app.StatusOfAsync("/healthz"));
        Assert.Equal(503, await app.StatusOfAsync("/readyz"));
        Assert.Equal(2, await app.MetricAsync("mla_gateway_samples_rejected_total{tenant=\"tenant-t\",reason=\"kafka_unavailable\"}"));

        // The logs path through the same producer: 503 in time as well.
        clock.Restart();
        var (logStatus, logText, logResponse) = await GatewayTestApp.PushAsync(app.Http, LogBodies.Json(GatewayTestApp.Token, ("a", LogBodies.NewMarker("during"))));
        Assert.True(logStatus == 503, $"{logStatus} {logText}");
        Assert.NotNull(logResponse.Headers.RetryAfter);
        Assert.True(clock.Elapsed < Deadline + TimeSpan.FromSeconds(6), $"logs answered after {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(1, await app.MetricAsync("mla_gateway_log_entries_rejected_total{tenant=\"tenant-t\",reason=\"kafka_unavailable\"}"));
    }
}

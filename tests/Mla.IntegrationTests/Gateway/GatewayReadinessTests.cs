using System.Net;
using Mla.KafkaMock;
using Mla.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Gateway;

/// <summary>
/// <c>/readyz</c> checks the logs topic as well as the metrics topic while the logs path is on: a leaderless logs
/// partition makes the gateway unready with the topic named; with <c>LogsEnabled=false</c> the logs topic does not
/// count and the Loki push routes are not served. The broker is the mock cluster in this process, whose partition
/// leaders a test can take away.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayReadinessTests(ITestOutputHelper output)
{
    private const string Topic = "readiness-metrics";
    private const string LogsTopic = "readiness-logs";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_leaderless_logs_topic_makes_the_gateway_unready_only_while_the_logs_path_is_on()
    {
        using var kafka = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [new MockKafkaTopic(Topic, 1), new MockKafkaTopic(LogsTopic, 1)] });
        var settings = new Dictionary<string, string?>
        {
            ["Mla:Gateway:Kafka:LogsTopic"] = LogsTopic,
            ["Mla:Gateway:Kafka:ReadinessCacheDuration"] = "00:00:00",
            ["Mla:Gateway:Kafka:ReadinessTimeout"] = "00:00:02",
        };
        await using var withLogs = await GatewayTestApp.StartAsync(kafka.BootstrapServers, Topic, pki: null, settings);
        await using var withoutLogs = await GatewayTestApp.StartAsync(kafka.BootstrapServers, Topic, pki: null, new Dictionary<string, string?>(settings)
        {
            ["Mla:Gateway:LogsEnabled"] = "false",
        });

        var ready = await ReadinessAsync(withLogs, status => status == HttpStatusCode.OK);
        Assert.Contains(LogsTopic, ready, StringComparison.Ordinal);
        await ReadinessAsync(withoutLogs, status => status == HttpStatusCode.OK);

        kafka.SetPartitionLeader(LogsTopic, 0, brokerId: null);
        var unready = await ReadinessAsync(withLogs, status => status == HttpStatusCode.ServiceUnavailable);
        output.WriteLine(unready);
        Assert.Contains($"topic {LogsTopic}", unready, StringComparison.Ordinal);
        Assert.Contains("no leader", unready, StringComparison.Ordinal);

        // Without the logs path the same broker state leaves it ready, and it takes no Loki push: the route is not
        // mapped, so the read path's Loki routes answer the path (401 without a read token) or nothing does (404).
        var stillReady = await ReadinessAsync(withoutLogs, status => status == HttpStatusCode.OK);
        Assert.DoesNotContain(LogsTopic, stillReady, StringComparison.Ordinal);
        var (pushStatus, _, _) = await GatewayTestApp.PushAsync(withoutLogs.Http, LogBodies.Json(GatewayTestApp.Token, ("a", LogBodies.NewMarker("off"))));
        Assert.True(pushStatus is 401 or 404, $"a Loki push to a gateway without the logs path got {pushStatus}");
        Assert.Equal(0, await withoutLogs.MetricAsync("mla_gateway_log_entries_total{tenant=\"tenant-t\",outcome=\"accepted\"}"));

        kafka.SetPartitionLeader(LogsTopic, 0, brokerId: 1);
        await ReadinessAsync(withLogs, status => status == HttpStatusCode.OK);
    }

    /// <summary>Polls <c>/readyz</c> until its status is as expected; returns the status and body.</summary>
    private static async Task<string> ReadinessAsync(GatewayTestApp app, Func<HttpStatusCode, bool> expected)
    {
        var (_, body) = await Eventually.WaitAsync(
            async () =>
            {
                using var response = await app.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            },
            r => expected(r.StatusCode),
            Patience,
            r => $"/readyz answered {(int)r.StatusCode}: {r.Item2}");
        return body;
    }
}

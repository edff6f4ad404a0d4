using Mla.IntegrationTests.Support;
using System.Net;
using Mla.TestSupport.Processes;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary><c>/readyz</c> tells whether the consumer joined its group: not while Kafka is unreachable.</summary>
[Collection(WriterCollection.Name)]
public sealed class WriterReadinessTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    [Fact]
    public async Task Ready_once_the_consumer_is_assigned()
    {
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(kafka.BootstrapServers, "writer-ready", victoria.Server.RemoteWriteUrl));

        await writer.WaitUntilReadyAsync();

        var body = await writer.Http.GetStringAsync("/readyz");
        Assert.Contains($"sink vm: {WriterKafkaFixture.AssignedPartitions} partitions", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_ready_while_no_broker_answers()
    {
        var nobody = $"127.0.0.1:{FreeTcpPort.Next()}";
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(nobody, "writer-ready", victoria.Server.RemoteWriteUrl));

        var body = await Eventually.WaitAsync(
            async () =>
            {
                using var response = await writer.Http.GetAsync("/readyz");
                return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
            },
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Text.Contains("brokers are down", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            r => $"{(int)r.StatusCode} {r.Text}");
        Assert.Contains("sink vm", body.Text, StringComparison.Ordinal);
    }
}

using Confluent.Kafka;
using System.Globalization;
using Mla.TestSupport;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.Processes;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Fixtures;

public sealed class KafkaBrokerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Own_broker_round_trips_then_is_gone_after_stop_and_leaves_no_process()
    {
        var topic = $"own-{Guid.NewGuid():N}";
        var server = await KafkaServer.StartAsync([(topic, 2)], ownInstance: true);
        Dictionary<int, string> processes;
        string? instancePath;
        try
        {
            output.WriteLine($"{server.Description} (started in {server.StartupDuration.TotalSeconds:0.000} s)");
            Assert.Equal(server.Source == ServerSource.LocalProcess, server.IsMock);
            await KafkaRoundTrip.AssertAsync(server.BootstrapServers, topic);
            processes = ProcessesGone.Snapshot(server.ProcessIds);
            instancePath = server.InstancePath;
            if (server.IsMock)
            {
                Assert.NotEmpty(processes);
            }

            Assert.True(server.CanStop);
            await server.StopAsync();
            var first = server.BootstrapServers.Split(',')[0];
            var colon = first.LastIndexOf(':');
            var port = int.Parse(first[(colon + 1)..], CultureInfo.InvariantCulture);
            Assert.False(
                await TcpProbe.CanConnectAsync(first[..colon], port, TimeSpan.FromSeconds(2)),
                "the broker still accepts connections after StopAsync");
        }
        finally
        {
            await server.DisposeAsync();
        }

        await ProcessesGone.AssertAllGoneAsync(processes);
        Assert.False(instancePath is not null && Directory.Exists(instancePath), $"{instancePath} is still there");
    }

    [Fact]
    public async Task Topics_given_at_start_exist_with_their_partition_counts()
    {
        var (few, many) = ($"few-{Guid.NewGuid():N}", $"many-{Guid.NewGuid():N}");
        await using var server = await KafkaServer.StartAsync((few, 1), (many, 5));
        output.WriteLine(server.Description);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = server.BootstrapServers }).Build();

        var partitions = new[] { few, many }.Select(topic => Assert.Single(admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics).Partitions.Count);

        Assert.Equal([1, 5], partitions);
    }
}

using Mla.TestSupport;
using Mla.TestSupport.RabbitMq;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Fixtures;

public sealed class RabbitMqOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stopped_broker_refuses_connections_and_serves_again_after_start_on_the_same_port()
    {
        var server = await RabbitMqServer.StartAsync(ownInstance: true);
        Dictionary<int, string> processes;
        string? instancePath;
        try
        {
            output.WriteLine($"{server.Description} (started in {server.StartupDuration.TotalSeconds:0.0} s)");
            Assert.True(server.CanRestart);
            await RabbitMqRoundTrip.AssertAsync(server.AmqpUri);
            var uriBefore = server.AmqpUri;

            await server.StopAsync();
            var factory = new ConnectionFactory { Uri = server.AmqpUri, RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
            await Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync());

            await server.StartAgainAsync();
            Assert.Equal(uriBefore, server.AmqpUri);
            await RabbitMqRoundTrip.AssertAsync(server.AmqpUri);
            output.WriteLine(server.Description);

            processes = ProcessesGone.Snapshot(server.ProcessIds);
            instancePath = server.InstancePath;
            if (server.Source == ServerSource.LocalProcess)
            {
                // epmd, the script, beam.smp and its helpers at least.
                Assert.True(processes.Count >= 3, $"expected the broker's process tree, got {processes.Count} pid(s)");
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        await ProcessesGone.AssertAllGoneAsync(processes);
        Assert.False(instancePath is not null && Directory.Exists(instancePath), $"{instancePath} is still there");
    }
}

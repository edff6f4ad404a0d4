using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Mla.Writer.Configuration;
using Mla.Writer.Consuming;
using Mla.Writer.Health;
using Mla.Writer.Tenants;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.Health;

public sealed class WriterHealthCheckTests
{
    [Fact]
    public async Task Ready_only_while_every_loop_runs_joined_its_group_and_reaches_a_broker()
    {
        using var sinks = Sinks("a", "b");
        var (a, b) = (sinks.Loops[0].Status, sinks.Loops[1].Status);
        a.Running();
        b.Running();

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(sinks)).Status);

        a.Assigned(2);
        b.Assigned(0);
        var ready = await CheckAsync(sinks);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal("sink a: 2 partitions; sink b: 0 partitions", ready.Description);

        b.AllBrokersDown();
        Assert.Equal("sink b: all Kafka brokers are down", (await CheckAsync(sinks)).Description);
        b.BrokersAnswered();

        a.Failed("Fatal error: fenced");
        var failed = await CheckAsync(sinks);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Equal("sink a: consume loop failed: Fatal error: fenced", failed.Description);
    }

    [Fact]
    public async Task Without_sinks_there_is_nothing_to_wait_for()
    {
        using var sinks = Sinks();

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(sinks)).Status);
    }

    private static Task<HealthCheckResult> CheckAsync(WriterSinks sinks) =>
        new WriterHealthCheck(sinks, Microsoft.Extensions.Options.Options.Create(new WriterOptions()), new DeletedTenants()).CheckHealthAsync(new HealthCheckContext());

    private static WriterSinks Sinks(params string[] names)
    {
        var options = new WriterOptions { Kafka = { BootstrapServers = "127.0.0.1:1" } };
        foreach (var name in names)
        {
            options.Sinks[name] = new SinkOptions { Url = $"http://{name}/api/v1/write" };
        }

        var metrics = TestMetrics.Create();
        var deletedTenants = new DeletedTenantFilter(new DeletedTenants(), metrics, TimeProvider.System, NullLogger<DeletedTenantFilter>.Instance);
        return new WriterSinks(Microsoft.Extensions.Options.Options.Create(options), metrics, new FakeDeadLetters(), new FakeRetryTopic(), deletedTenants, TimeProvider.System, NullLoggerFactory.Instance);
    }
}

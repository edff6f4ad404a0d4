using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Mla.Writer.Configuration;
using Mla.Writer.Consuming;
using Mla.Writer.Replay;
using Mla.Writer.Tenants;
using Mla.Writer.Tests.Fakes;

namespace Mla.Writer.Tests.Replay;

/// <summary>Replays are bounded: one per tenant, at most <c>Replay:MaxRunning</c> at once.</summary>
public sealed class ReplayCoordinatorTests : IDisposable
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly WriterSinks _sinks;
    private readonly ReplayCoordinator _coordinator;

    public ReplayCoordinatorTests()
    {
        // No broker answers at 127.0.0.1:1: a replay stays Running through its look-up timeout, then fails.
        var options = new WriterOptions { Kafka = { BootstrapServers = "127.0.0.1:1" }, Replay = { MaxRunning = 2, LookupTimeout = TimeSpan.FromSeconds(30) } };
        options.Sinks["vm"] = new SinkOptions { Url = "http://127.0.0.1:1/api/v1/write" };
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var metrics = TestMetrics.Create();
        var deleted = new DeletedTenants();
        var filter = new DeletedTenantFilter(deleted, metrics, TimeProvider.System, NullLogger<DeletedTenantFilter>.Instance);
        _sinks = new WriterSinks(wrapped, metrics, new FakeDeadLetters(), new FakeRetryTopic(), filter, TimeProvider.System, NullLoggerFactory.Instance);
        _coordinator = new ReplayCoordinator(wrapped, _sinks, new FakeDeadLetters(), deleted, filter, metrics, TimeProvider.System, _lifetime, NullLogger<ReplayCoordinator>.Instance);
    }

    [Fact]
    public void A_second_replay_of_a_tenant_is_refused_with_the_running_ones_id_and_one_over_the_limit_with_the_reason()
    {
        var first = _coordinator.Start(Request("a"));
        Assert.Equal(ReplayStartOutcome.Started, first.Outcome);

        var again = _coordinator.Start(Request("a"));
        Assert.Equal(ReplayStartOutcome.TenantBusy, again.Outcome);
        Assert.Same(first.Run, again.Run);
        Assert.Contains(first.Run!.Id, again.Reason, StringComparison.Ordinal);

        Assert.Equal(ReplayStartOutcome.Started, _coordinator.Start(Request("b")).Outcome);
        var third = _coordinator.Start(Request("c"));
        Assert.Equal(ReplayStartOutcome.TooMany, third.Outcome);
        Assert.Null(third.Run);
        Assert.Contains("MaxRunning = 2", third.Reason, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _lifetime.StopApplication();
        _sinks.Dispose();
    }

    private static ReplayRequest Request(string tenant) => new(tenant, From, From.AddHours(1), "vm");
}

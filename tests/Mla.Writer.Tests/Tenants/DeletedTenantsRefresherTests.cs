using System.Net;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mla.Contracts.Tenants;
using Mla.Hosting.Bus;
using Mla.Writer.Configuration;
using Mla.Writer.Tenants;
using static Mla.Writer.Tests.Tenants.TenantStates;

namespace Mla.Writer.Tests.Tenants;

public sealed class DeletedTenantsRefresherTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(7);

    private readonly DeletedTenants _table = new();
    private readonly FakeTenantsApi _api = new();
    private readonly ListLogger<DeletedTenantsRefresher> _logger = new();
    private readonly DeletedTenantsRefresher _refresher;

    public DeletedTenantsRefresherTests()
    {
        var options = new WriterOptions { Tenants = { Url = "http://tenants.test", RefreshInterval = Refresh, RetryInterval = Retry } };
        _refresher = new DeletedTenantsRefresher(
            Microsoft.Extensions.Options.Options.Create(options), _table, new ServiceCollection().BuildServiceProvider(), TimeProvider.System,
            new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(Microsoft.Extensions.Logging.Abstractions.NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance), _logger,
            new Mla.Hosting.Loops.LoopSupervisor(
                Microsoft.Extensions.Options.Options.Create(new Mla.Hosting.Loops.LoopOptions()), Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()),
                TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Mla.Hosting.Loops.LoopSupervisor>.Instance));
    }

    [Fact]
    public async Task The_full_list_is_read_and_applied_then_read_again_after_the_refresh_interval()
    {
        _api.Tenants.Add(Tenant("a", TenantStatus.Deleted, At(0)));
        _api.Tenants.Add(Tenant("b", TenantStatus.Ready, At(0)));

        var wait = await _refresher.RefreshAsync(_api.Client(), CancellationToken.None);

        Assert.Equal(Refresh, wait);
        Assert.Equal("/api/v1/tenants", Assert.Single(_api.Requests).PathAndQuery);
        Assert.True(_table.IsLoaded);
        Assert.True(_table.Drops("a", DateTimeOffset.UtcNow));
        Assert.False(_table.Drops("b", DateTimeOffset.UtcNow));
        Assert.Contains(_logger.Lines, l => l is { Level: LogLevel.Information, Message: "Read 2 tenants from the tenant service; 1 are deprovisioning or deleted" });
    }

    [Fact]
    public async Task The_tenant_services_json_is_read_with_statuses_as_strings()
    {
        _api.Answer = _ => FakeTenantsApi.Json("""
            {"items":[{"id":"a","clusterId":"a","seed":"s","projectId":"p","status":"Deprovisioning",
              "limits":{"monitoring":{"ingestionRate":10},"logging":{}},"certificateSerial":null,"certificateNotAfter":null,
              "statusChangedAt":"2026-03-01T12:00:00Z","acceptedCertificates":[],"tokenSha256":null}],"count":1}
            """);

        await _refresher.RefreshAsync(_api.Client(), CancellationToken.None);

        var deletion = _table.Find("a")!;
        Assert.True(deletion.IsDeleted);
        Assert.True(deletion.DeletedUntil >= At(0));
    }

    [Fact]
    public async Task An_unreadable_tenant_service_is_logged_with_its_reason_retried_sooner_and_the_table_in_hand_stays()
    {
        _api.Tenants.Add(Tenant("a", TenantStatus.Deprovisioning, At(0)));
        await _refresher.RefreshAsync(_api.Client(), CancellationToken.None);

        _api.Answer = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("database down") };
        var wait = await _refresher.RefreshAsync(_api.Client(), CancellationToken.None);

        Assert.Equal(Retry, wait);
        Assert.True(_table.Drops("a", DateTimeOffset.UtcNow));
        var warning = Assert.Single(_logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("503 database down", warning.Message, StringComparison.Ordinal);
        Assert.Contains("the table in hand stays in use", warning.Message, StringComparison.Ordinal);

        _api.Answer = _ => throw new HttpRequestException("Connection refused");
        Assert.Equal(Retry, await _refresher.RefreshAsync(_api.Client(), CancellationToken.None));
        Assert.Contains(_logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Connection refused", StringComparison.Ordinal));

        _api.Answer = _ => FakeTenantsApi.Json("not json");
        Assert.Equal(Retry, await _refresher.RefreshAsync(_api.Client(), CancellationToken.None));
        Assert.True(_table.Drops("a", DateTimeOffset.UtcNow));

        _api.Answer = null;
        _api.Tenants[0] = Tenant("a", TenantStatus.Ready, At(1));
        Assert.Equal(Refresh, await _refresher.RefreshAsync(_api.Client(), CancellationToken.None));
        Assert.False(_table.Drops("a", DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Contains(_logger.Lines, l => l.Message.StartsWith("Tenant a is Ready again (tenant list)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Before_the_first_list_the_warning_says_consuming_waits()
    {
        _api.Answer = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("boom") };

        await _refresher.RefreshAsync(_api.Client(), CancellationToken.None);

        Assert.False(_table.IsLoaded);
        Assert.Contains("consuming waits for a first list", Assert.Single(_logger.Lines).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_newer_than_the_list_wins_and_a_list_newer_than_the_event_wins()
    {
        await using var provider = ConsumerHarness();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var now = DateTimeOffset.UtcNow;

        // Deprovisioning starts after the list was taken (the list, as of now, still says Ready).
        await PublishAsync(harness, new TenantDeprovisioningStarted("e1", "test", now.AddMinutes(1), Tenant("a", TenantStatus.Deprovisioning, now.AddMinutes(1))));
        _api.Tenants.Add(Tenant("a", TenantStatus.Ready, now.AddHours(-1)));
        await _refresher.RefreshAsync(_api.Client(), CancellationToken.None);
        Assert.True(_table.Find("a")!.IsDeleted, "the list as of now is older than the event at +1 min");

        // A TenantLimitsChanged of the earlier Ready state, delivered late, does not bring the tenant back.
        await PublishAsync(harness, new TenantLimitsChanged("e2", "test", now.AddMinutes(-5), Tenant("a", TenantStatus.Ready, now.AddHours(-1))));
        Assert.True(_table.Find("a")!.IsDeleted);

        // MLA switched back on: provisioned again; the records produced before stay dropped.
        await PublishAsync(harness, new TenantProvisioned("e3", "test", now.AddMinutes(2), Tenant("a", TenantStatus.Ready, now.AddMinutes(2))));
        Assert.False(_table.Find("a")!.IsDeleted);
        Assert.True(_table.Drops("a", now.AddSeconds(30)));
        Assert.False(_table.Drops("a", now.AddMinutes(3)));

        // The next list, taken before the event at +2 min, still says Deleted: the event is newer and stays.
        _api.Tenants[0] = Tenant("a", TenantStatus.Deleted, now.AddMinutes(1));
        await _refresher.RefreshAsync(_api.Client(), CancellationToken.None);
        Assert.False(_table.Find("a")!.IsDeleted);
        Assert.Equal(now.AddMinutes(2), _table.Find("a")!.ObservedAt);
    }

    [Fact]
    public async Task Deprovisioned_events_delete_and_every_event_is_idempotent()
    {
        await using var provider = ConsumerHarness();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var deprovisioned = new TenantDeprovisioned("e1", "test", At(5), Tenant("a", TenantStatus.Deleted, At(5)), TenantPurge.Off);

        await PublishAsync(harness, deprovisioned);
        var first = _table.Find("a");
        await PublishAsync(harness, deprovisioned);

        Assert.Equal(first, _table.Find("a"));
        Assert.True(first!.IsDeleted);
        Assert.Equal(At(5), first.DeletedUntil);
    }

    /// <summary>The writer's tenant-event consumer, as registered, on MassTransit's in-memory test harness.</summary>
    private ServiceProvider ConsumerHarness() => new ServiceCollection()
        .AddSingleton(_table)
        .AddLogging()
        .AddMassTransitTestHarness(bus => bus.AddConsumer<UpdateDeletedTenantsOnTenantEvent>(typeof(EveryReplicaConsumerDefinition<UpdateDeletedTenantsOnTenantEvent>)))
        .BuildServiceProvider(true);

    private static async Task PublishAsync<T>(ITestHarness harness, T message) where T : class
    {
        var before = harness.Consumed.Select<T>().Count();
        await harness.Bus.Publish(message);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (harness.Consumed.Select<T>().Count() <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{typeof(T).Name} was not consumed within 10 s");
            await Task.Delay(10);
        }

        Assert.False(harness.Consumed.Select<T>().Any(m => m.Exception is not null), $"{typeof(T).Name} failed");
    }
}

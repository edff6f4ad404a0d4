using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Tenants.Reconciliation;
using Mla.Tenants.Tests.Fakes;

namespace Mla.Tenants.Tests.Reconciliation;

public sealed class LimitsTests : IDisposable
{
    private readonly ReconcilerHarness _harness = new(new TenantsOptions { DefaultLimits = new TenantLimitDefaults { IngestionRate = 1000, LogsIngestionRate = 50 } });

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_tenant_gets_the_defaults_and_an_override_replaces_only_its_field()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        Assert.Equal(1000, (await _harness.Store.GetAsync("c1", default))!.Limits.Monitoring.IngestionRate);

        var outcome = await SettingsAsync("c1", ingestionRate: 10, ReconcilerHarness.Start.AddMinutes(1));

        Assert.Equal(ReconcileOutcome.Changed, outcome);
        var limits = (await _harness.Store.GetAsync("c1", default))!.Limits;
        Assert.Equal(10, limits.Monitoring.IngestionRate);
        Assert.Equal(50, limits.Logging.IngestionRate);
        var changed = Assert.IsType<TenantLimitsChanged>(_harness.Events.Published.Last());
        Assert.Equal(10, changed.Tenant.Limits.Monitoring.IngestionRate);

        var writes = _harness.Writes;
        Assert.Equal(ReconcileOutcome.Unchanged, await SettingsAsync("c1", 10, ReconcilerHarness.Start.AddMinutes(1)));
        Assert.Equal(ReconcileOutcome.Stale, await SettingsAsync("c1", 99, ReconcilerHarness.Start));
        Assert.Equal(writes, _harness.Writes);
    }

    [Fact]
    public async Task Settings_that_arrive_before_the_cluster_apply_when_the_tenant_is_created()
    {
        await SettingsAsync("c1", ingestionRate: 7, ReconcilerHarness.Start);

        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);

        var provisioned = Assert.IsType<TenantProvisioned>(Assert.Single(_harness.Events.Published));
        Assert.Equal(7, provisioned.Tenant.Limits.Monitoring.IngestionRate);
    }

    [Fact]
    public async Task A_seeds_defaults_sit_between_the_platform_defaults_and_the_clusters_overrides()
    {
        var options = new TenantsOptions
        {
            SeedLimits = { ["us-1"] = new TenantLimitDefaults { IngestionRate = 300, MaxSeriesTotal = 9 } },
        };
        using var harness = new ReconcilerHarness(options);

        await harness.ApplyAsync(ReconcilerHarness.Cluster("eu", seed: "eu-1"), ReconcilerHarness.Start);
        await harness.ApplyAsync(ReconcilerHarness.Cluster("us", seed: "us-1"), ReconcilerHarness.Start);

        var eu = (await harness.Store.GetAsync("eu", default))!.Limits;
        var us = (await harness.Store.GetAsync("us", default))!.Limits;
        Assert.Equal((50_000L, 150_000L, 500_000L), (eu.Monitoring.IngestionRate!.Value, eu.Monitoring.MaxSeriesTotal!.Value, eu.Monitoring.IngestionBurstSize!.Value));
        Assert.Equal((300L, 9L, 500_000L), (us.Monitoring.IngestionRate!.Value, us.Monitoring.MaxSeriesTotal!.Value, us.Monitoring.IngestionBurstSize!.Value));
    }

    private Task<ReconcileOutcome> SettingsAsync(string clusterId, long ingestionRate, DateTimeOffset at) =>
        _harness.Reconciler.ReconcileAsync(
            DesiredTenant.FromSettings(
                new MlaSettingsState(clusterId, MonitoringLimits.Defaults with { IngestionRate = ingestionRate }, LoggingLimits.Defaults),
                at),
            CancellationToken.None);
}

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

    private Task<ReconcileOutcome> SettingsAsync(string clusterId, long ingestionRate, DateTimeOffset at) =>
        _harness.Reconciler.ReconcileAsync(
            DesiredTenant.FromSettings(
                new MlaSettingsState(clusterId, MonitoringLimits.Defaults with { IngestionRate = ingestionRate }, LoggingLimits.Defaults),
                at),
            CancellationToken.None);
}

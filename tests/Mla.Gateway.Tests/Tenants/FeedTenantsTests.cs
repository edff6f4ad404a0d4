using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Gateway.Limits;
using Mla.Gateway.Tenants;
using TenantLimits = Mla.Gateway.Limits.TenantLimits;

namespace Mla.Gateway.Tests.Tenants;

/// <summary>A tenant's limits from the tenant service (KKP's): positive values are its own, zero or absent take the gateway's defaults.</summary>
public sealed class FeedTenantsTests
{
    private const int Mebibyte = 1024 * 1024;

    [Fact]
    public void Positive_limits_are_the_tenants_own_in_the_gateways_units()
    {
        var monitoring = new MonitoringLimits(IngestionRate: 123, IngestionBurstSize: 456, MaxSeriesPerMetric: 1, MaxSeriesTotal: 2, QueryRate: 5, QueryBurstSize: 7, MaxSamplesPerQuery: 600, MaxSeriesPerQuery: 30);

        var limits = FeedTenants.From(State(monitoring, new LoggingLimits(IngestionRate: 3, IngestionBurstSize: 5, QueryRate: 1, QueryBurstSize: 1)), new LimitsOptions()).Limits;

        Assert.Equal((123.0, 456), (limits.IngestionRate, limits.IngestionBurstSize));
        Assert.Equal((3.0 * Mebibyte, 5 * Mebibyte), (limits.Logs.IngestionRateBytes, limits.Logs.IngestionBurstBytes));
        Assert.Equal(new TenantReadLimits(5, 7, 30, 600), limits.Reads);
        Assert.Equal(Without(TenantLimits.Resolve(new LimitsOptions(), null)), Without(limits));
    }

    [Fact]
    public void Zero_or_absent_limits_take_the_defaults_and_too_large_ones_are_capped()
    {
        var defaults = new LimitsOptions { IngestionRate = 9, IngestionBurstSize = 99, Logs = new LogLimitsOptions { IngestionRateBytes = 8, IngestionBurstBytes = 88 } };
        var zero = FeedTenants.From(State(new MonitoringLimits(0, null, null, null, 0, null, 0, null), new LoggingLimits(0, null, null, null)), defaults).Limits;
        var huge = FeedTenants.From(State(new MonitoringLimits(null, long.MaxValue, null, null, null, long.MaxValue, null, long.MaxValue), new LoggingLimits(null, 1L << 40, null, null)), defaults).Limits;

        Assert.Equal(TenantLimits.Resolve(defaults, null), zero);
        Assert.Equal(TenantReadLimits.None, zero.Reads);
        Assert.Equal((9.0, int.MaxValue), (huge.IngestionRate, huge.IngestionBurstSize));
        Assert.Equal((8.0, int.MaxValue), (huge.Logs.IngestionRateBytes, huge.Logs.IngestionBurstBytes));
        Assert.Equal(new TenantReadLimits(null, int.MaxValue, int.MaxValue, null), huge.Reads);
    }

    /// <summary>The limits the tenant service does not set (everything but the rates and bursts and the reads).</summary>
    private static TenantLimits Without(TenantLimits limits) => limits with
    {
        IngestionRate = 0,
        IngestionBurstSize = 0,
        Logs = limits.Logs with { IngestionRateBytes = 0, IngestionBurstBytes = 0 },
        Reads = TenantReadLimits.None,
    };

    private static TenantState State(MonitoringLimits monitoring, LoggingLimits logging) =>
        new("a", "a", "eu", "p1", TenantStatus.Ready, new Contracts.Tenants.TenantLimits(monitoring, logging), null, null, DateTimeOffset.UnixEpoch);
}

using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Gateway.Limits;
using Mla.Gateway.ReadPath;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.Tests.ReadPath;

/// <summary>Which read limits a caller has: the tenant's own (KKP's monitoring limits, or configuration) over the read path's defaults.</summary>
public sealed class ReadLimitsTests
{
    private static readonly ReadPathOptions Defaults = new() { QueriesPerSecond = 20, QueryBurst = 50, MaxSeriesPerQuery = 1000, MaxSamplesPerQuery = 100_000 };

    [Fact]
    public void KKP_monitoring_limits_of_a_tenant_win_over_the_defaults_zero_or_absent_take_the_default()
    {
        var own = FeedTenants.From(State("a", new MonitoringLimits(null, null, null, null, 5, 7, 600, 30)), new LimitsOptions());
        var zero = FeedTenants.From(State("b", new MonitoringLimits(null, null, null, null, 0, null, 0, null)), new LimitsOptions());

        Assert.Equal(new ReadLimits(5, 7, 30, 600), ReadLimits.For(new ReadCaller(own, null), Defaults));
        Assert.Equal(new ReadLimits(20, 50, 1000, 100_000), ReadLimits.For(new ReadCaller(zero, null), Defaults));
    }

    [Fact]
    public void Configured_tenant_limits_win_over_the_defaults_and_an_admin_has_the_defaults()
    {
        var overrides = new LimitsOverrideOptions { Reads = new ReadLimitsOverrideOptions { MaxSeriesPerQuery = 3 } };
        var tenant = new Tenant("a", false, null, Mla.Gateway.Limits.TenantLimits.Resolve(new LimitsOptions(), overrides));

        Assert.Equal(new ReadLimits(20, 50, 3, 100_000), ReadLimits.For(new ReadCaller(tenant, null), Defaults));
        Assert.Equal(new ReadLimits(20, 50, 1000, 100_000), ReadLimits.For(new ReadCaller(null, "eu"), Defaults));
    }

    [Theory]
    [InlineData(null, "5")]
    [InlineData("3", "3")]
    [InlineData("5", "5")]
    [InlineData("6", "5")]
    [InlineData("0", "5")]
    [InlineData("-1", "5")]
    [InlineData("+3", "5")]
    [InlineData(" 3", "5")]
    [InlineData("3.0", "5")]
    [InlineData("99999999999999999999", "5")]
    public void The_store_gets_one_limit_never_above_the_callers_series_limit(string? asked, string sent)
    {
        List<KeyValuePair<string, string>> pairs = [new("match[]", "up")];
        if (asked is not null)
        {
            pairs.Add(new("limit", asked));
            pairs.Add(new("LIMIT ", "100"));
            pairs.Add(new("limit", "100"));
        }

        var forwarded = PrometheusReads.Limited(pairs, 5);

        Assert.Equal([new("match[]", "up"), new("limit", sent)], forwarded);
    }

    [Theory]
    [InlineData("series", true, true)]
    [InlineData("labels", true, true)]
    [InlineData("label/job/values", true, true)]
    [InlineData("query", false, true)]
    [InlineData("query_range", false, true)]
    [InlineData("metadata", false, false)]
    [InlineData("status/buildinfo", false, false)]
    public void Limit_and_metering_by_path(string path, bool takesLimit, bool metered)
    {
        Assert.Equal(takesLimit, PrometheusReads.TakesLimit(path));
        Assert.Equal(metered, PrometheusReads.IsMetered(path));
    }

    private static TenantState State(string id, MonitoringLimits monitoring) =>
        new(id, id, "eu", "p1", TenantStatus.Ready, new Mla.Contracts.Tenants.TenantLimits(monitoring, LoggingLimits.Defaults), null, null, DateTimeOffset.UnixEpoch);
}

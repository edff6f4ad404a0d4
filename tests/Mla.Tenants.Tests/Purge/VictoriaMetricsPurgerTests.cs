using Mla.Tenants.Purge;
using Mla.Tenants.Tests.Purge.Fakes;

namespace Mla.Tenants.Tests.Purge;

/// <summary>VictoriaMetrics single node: delete_series scoped by extra_label, verified by the series list.</summary>
public sealed class VictoriaMetricsPurgerTests
{
    private const string Scope = "?match%5B%5D=%7B__name__%3D~%22.%2B%22%7D&extra_label=tenant%3Dcluster-a";

    [Fact]
    public async Task Deletes_the_tenants_series_with_the_exact_query_and_leaves_other_tenants_alone()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        fake.AddSeries("cluster-a", "up", "node_cpu_seconds_total");
        fake.AddSeries("cluster-b", "up");
        using var http = new HttpClient();

        var result = await Purger(http, fake.BaseUri).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(result.Verified, result.Detail);
        Assert.Contains("deleted 2 series with tenant=cluster-a", result.Detail, StringComparison.Ordinal);
        Assert.Empty(fake.SeriesOf("cluster-a"));
        Assert.Equal(["up"], fake.SeriesOf("cluster-b"));
        var requests = fake.Server.Requests.ToList();
        Assert.Equal(("GET", "/api/v1/series", Scope + "&start=0"), (requests[0].Method, requests[0].Path, requests[0].Query));
        Assert.Equal(("POST", "/api/v1/admin/tsdb/delete_series", Scope), (requests[1].Method, requests[1].Path, requests[1].Query));
    }

    [Fact]
    public async Task A_series_that_shows_up_after_the_delete_is_deleted_again_before_the_purge_counts_as_verified()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        fake.AddSeries("cluster-a", "up");
        // Visible from the first check after the delete, whatever the machine's timing.
        fake.AddLateSeries("cluster-a", "written_just_before", afterSeriesCalls: 1);
        using var http = new HttpClient();

        var result = await Purger(http, fake.BaseUri, quietPeriod: TimeSpan.FromMilliseconds(300)).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(result.Verified, result.Detail);
        Assert.Empty(fake.SeriesOf("cluster-a"));
        Assert.Equal(2, fake.Server.Requests.Count(r => r.Path == "/api/v1/admin/tsdb/delete_series"));
    }

    [Fact]
    public async Task Series_that_keep_coming_back_are_not_verified()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        for (var call = 1; call < 200; call++)
        {
            fake.AddLateSeries("cluster-a", "still_written", afterSeriesCalls: call);
        }

        using var http = new HttpClient();

        var result = await Purger(http, fake.BaseUri, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100)).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.False(result.Verified);
        Assert.Contains("still listed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_tenant_label_is_used()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        fake.TenantLabel = "cluster";
        fake.AddSeries("cluster-a", "up");
        using var http = new HttpClient();
        var settings = PurgeTestKit.FastSettings();
        var store = PurgeTestKit.Store(PurgeStoreKinds.VictoriaMetrics, fake.BaseUri);
        store.TenantLabel = "cluster";

        var result = await new VictoriaMetricsPurger(PurgeTestKit.Client(http, store, settings), settings, TimeProvider.System)
            .PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(result.Verified, result.Detail);
        Assert.Empty(fake.SeriesOf("cluster-a"));
        Assert.All(fake.Server.Requests, r => Assert.Contains("extra_label=cluster%3Dcluster-a", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_delete_throws_a_store_failure_with_the_status()
    {
        await using var fake = await FakeVictoriaMetrics.StartAsync();
        fake.FailWith = 503;
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<StoreRequestException>(() => Purger(http, fake.BaseUri).PurgeAsync("cluster-a", CancellationToken.None));

        Assert.Contains("GET /api/v1/series answered 503", failure.Message, StringComparison.Ordinal);
    }

    private static VictoriaMetricsPurger Purger(HttpClient http, Uri url, TimeSpan? timeout = null, TimeSpan? quietPeriod = null)
    {
        var settings = PurgeTestKit.FastSettings(timeout, quietPeriod);
        return new VictoriaMetricsPurger(
            PurgeTestKit.Client(http, PurgeTestKit.Store(PurgeStoreKinds.VictoriaMetrics, url), settings), settings, TimeProvider.System);
    }
}

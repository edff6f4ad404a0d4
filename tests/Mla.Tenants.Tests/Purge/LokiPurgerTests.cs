using Mla.Tenants.Purge;
using Mla.Tenants.Tests.Purge.Fakes;
using Mla.TestSupport.Loki;

namespace Mla.Tenants.Tests.Purge;

/// <summary>Loki: a delete request with the tenant header, followed until processed, against the Loki fake's delete API.</summary>
public sealed class LokiPurgerTests
{
    private const string Selector = "{cluster=~\".+\"}";

    [Fact]
    public async Task Makes_one_delete_request_for_the_tenant_and_is_verified_once_it_is_processed()
    {
        await using var fake = await LokiPushFake.StartAsync();
        fake.ListsUntilProcessed = 3;
        using var http = new HttpClient();

        var result = await Purger(http, fake.BaseUrl).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(result.Verified, result.Detail);
        Assert.Contains("processed", result.Detail, StringComparison.Ordinal);
        Assert.Equal([(Selector, "processed")], fake.DeleteRequests("cluster-a"));
        Assert.Empty(fake.DeleteRequests("cluster-b"));
        var create = Assert.Single(fake.DeleteApiCalls, r => r.Method == "POST");
        Assert.Equal("?query=%7Bcluster%3D~%22.%2B%22%7D&start=1970-01-01T00%3A00%3A00Z", create.Query);
        Assert.All(fake.DeleteApiCalls, r => Assert.Equal("cluster-a", r.OrgId));
    }

    [Fact]
    public async Task A_request_still_in_its_cancel_period_is_reported_pending_and_the_next_try_follows_it_without_a_new_one()
    {
        await using var fake = await LokiPushFake.StartAsync();
        fake.ListsUntilProcessed = int.MaxValue;
        using var http = new HttpClient();
        var purger = Purger(http, fake.BaseUrl, TimeSpan.FromMilliseconds(150));

        var first = await purger.PurgeAsync("cluster-a", CancellationToken.None);
        var second = await purger.PurgeAsync("cluster-a", CancellationToken.None);

        Assert.False(first.Verified);
        Assert.Contains("is received", first.Detail, StringComparison.Ordinal);
        Assert.Contains("delete_request_cancel_period", first.Detail, StringComparison.Ordinal);
        Assert.False(second.Verified);
        Assert.Single(fake.DeleteRequests("cluster-a"));
    }

    [Fact]
    public async Task A_processed_request_from_long_ago_is_not_taken_for_this_purge()
    {
        await using var fake = await LokiPushFake.StartAsync();
        fake.ListsUntilProcessed = 1;
        fake.AddDeleteRequest("cluster-a", Selector, DateTimeOffset.UtcNow.AddDays(-30), processed: true);
        using var http = new HttpClient();

        var result = await Purger(http, fake.BaseUrl).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(result.Verified, result.Detail);
        Assert.Equal(2, fake.DeleteRequests("cluster-a").Count);
        Assert.Single(fake.DeleteApiCalls, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_refused_request_throws_a_store_failure_with_lokis_reason()
    {
        await using var fake = await LokiPushFake.StartAsync();
        using var http = new HttpClient();
        var store = PurgeTestKit.Store(PurgeStoreKinds.Loki, fake.BaseUrl, "not a selector");
        var settings = PurgeTestKit.FastSettings();

        var failure = await Assert.ThrowsAsync<StoreRequestException>(() =>
            new LokiPurger(PurgeTestKit.Client(http, store, settings), settings, TimeProvider.System).PurgeAsync("cluster-a", CancellationToken.None));

        Assert.Contains("POST /loki/api/v1/delete answered 400", failure.Message, StringComparison.Ordinal);
        Assert.Contains("invalid query expression", failure.Message, StringComparison.Ordinal);
    }

    private static LokiPurger Purger(HttpClient http, Uri url, TimeSpan? timeout = null)
    {
        var settings = PurgeTestKit.FastSettings(timeout);
        return new LokiPurger(PurgeTestKit.Client(http, PurgeTestKit.Store(PurgeStoreKinds.Loki, url, Selector), settings), settings, TimeProvider.System);
    }
}

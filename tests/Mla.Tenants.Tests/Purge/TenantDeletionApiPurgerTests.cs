using Mla.Tenants.Purge;
using Mla.Tenants.Tests.Purge.Fakes;

namespace Mla.Tenants.Tests.Purge;

/// <summary>Mimir and Cortex: one implementation, two path prefixes, against the fake of their tenant deletion API.</summary>
public sealed class TenantDeletionApiPurgerTests
{
    public static TheoryData<string, string> Kinds => new()
    {
        { PurgeStoreKinds.Mimir, "compactor" },
        { PurgeStoreKinds.Cortex, "purger" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Requests_the_deletion_with_the_tenant_header_and_polls_until_the_blocks_are_deleted(string kind, string prefix)
    {
        await using var fake = await FakeTenantDeletionApi.StartAsync(prefix);
        fake.PollsUntilDeleted = 3;
        fake.AddBlocks("cluster-a", 5);
        fake.AddBlocks("cluster-b", 2);
        using var http = new HttpClient();

        var result = await Purger(http, kind, fake.BaseUri).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(result.Verified, result.Detail);
        Assert.Contains("blocks_deleted", result.Detail, StringComparison.Ordinal);
        Assert.Equal(0, fake.BlocksOf("cluster-a"));
        Assert.Equal(2, fake.BlocksOf("cluster-b"));
        var requests = fake.Server.Requests.ToList();
        Assert.Equal(("POST", $"/{prefix}/delete_tenant"), (requests[0].Method, requests[0].Path));
        Assert.Equal(3, requests.Count(r => r.Method == "GET" && r.Path == $"/{prefix}/delete_tenant_status"));
        Assert.All(requests, r => Assert.Equal("cluster-a", r.Header("X-Scope-OrgID")));
    }

    [Fact]
    public async Task Blocks_not_deleted_within_the_timeout_are_reported_as_not_verified()
    {
        await using var fake = await FakeTenantDeletionApi.StartAsync("compactor");
        fake.PollsUntilDeleted = int.MaxValue;
        fake.AddBlocks("cluster-a", 5);
        using var http = new HttpClient();

        var result = await Purger(http, PurgeStoreKinds.Mimir, fake.BaseUri, TimeSpan.FromMilliseconds(200)).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.False(result.Verified);
        Assert.Contains("not deleted yet", result.Detail, StringComparison.Ordinal);
        Assert.True(fake.IsMarked("cluster-a"));
    }

    [Fact]
    public async Task A_refused_request_throws_a_store_failure_naming_the_status_and_the_reason()
    {
        await using var fake = await FakeTenantDeletionApi.StartAsync("compactor");
        fake.FailWith = 500;
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<StoreRequestException>(() =>
            Purger(http, PurgeStoreKinds.Mimir, fake.BaseUri).PurgeAsync("cluster-a", CancellationToken.None));

        Assert.Contains("POST /compactor/delete_tenant answered 500", failure.Message, StringComparison.Ordinal);
        Assert.Contains("bucket unavailable", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_prefix_in_the_url_is_kept()
    {
        await using var fake = await FakeTenantDeletionApi.StartAsync("prefix/compactor");
        using var http = new HttpClient();

        var result = await Purger(http, PurgeStoreKinds.Mimir, new Uri(fake.BaseUri, "prefix")).PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(result.Verified, result.Detail);
    }

    private static TenantDeletionApiPurger Purger(HttpClient http, string kind, Uri url, TimeSpan? timeout = null)
    {
        var settings = PurgeTestKit.FastSettings(timeout);
        var store = PurgeTestKit.Store(kind, url);
        var api = kind == PurgeStoreKinds.Mimir ? TenantDeletionApi.Mimir : TenantDeletionApi.Cortex;
        return new TenantDeletionApiPurger(PurgeTestKit.Client(http, store, settings), api, settings, TimeProvider.System);
    }
}

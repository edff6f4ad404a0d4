using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mla.Tenants.Tests.Purge.Fakes;

namespace Mla.Tenants.Tests.Purge;

/// <summary>The Mimir/Cortex fake answers as the documented tenant deletion API does.</summary>
public sealed class FakeTenantDeletionApiTests
{
    [Theory]
    [InlineData("compactor")]
    [InlineData("purger")]
    public async Task Without_the_tenant_header_both_endpoints_answer_401(string prefix)
    {
        await using var fake = await FakeTenantDeletionApi.StartAsync(prefix);
        using var http = new HttpClient { BaseAddress = fake.BaseUri };

        using var delete = await http.PostAsync(new Uri($"{prefix}/delete_tenant", UriKind.Relative), null);
        using var status = await http.GetAsync(new Uri($"{prefix}/delete_tenant_status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    [Fact]
    public async Task A_marked_tenants_blocks_are_deleted_after_the_configured_number_of_status_polls()
    {
        await using var fake = await FakeTenantDeletionApi.StartAsync("compactor");
        fake.PollsUntilDeleted = 3;
        fake.AddBlocks("t1", 4);
        fake.AddBlocks("t2", 1);
        using var http = new HttpClient { BaseAddress = fake.BaseUri };
        http.DefaultRequestHeaders.Add("X-Scope-OrgID", "t1");

        Assert.False(await BlocksDeletedAsync(http));
        using var delete = await http.PostAsync(new Uri("compactor/delete_tenant", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.False(await BlocksDeletedAsync(http));
        Assert.False(await BlocksDeletedAsync(http));
        Assert.True(await BlocksDeletedAsync(http));

        Assert.True(fake.IsMarked("t1"));
        Assert.Equal(1, fake.BlocksOf("t2"));
    }

    [Fact]
    public async Task The_status_names_the_tenant_and_a_tenant_without_blocks_is_deleted_at_once()
    {
        await using var fake = await FakeTenantDeletionApi.StartAsync("purger");
        using var http = new HttpClient { BaseAddress = fake.BaseUri };
        http.DefaultRequestHeaders.Add("X-Scope-OrgID", "empty");

        var status = await http.GetFromJsonAsync<JsonElement>(new Uri("purger/delete_tenant_status", UriKind.Relative));

        Assert.Equal("empty", status.GetProperty("tenant_id").GetString());
        Assert.True(status.GetProperty("blocks_deleted").GetBoolean());
    }

    private static async Task<bool> BlocksDeletedAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>(new Uri("compactor/delete_tenant_status", UriKind.Relative))).GetProperty("blocks_deleted").GetBoolean();
}

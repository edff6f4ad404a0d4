using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mla.Tenants.Tests.Purge.Fakes;

namespace Mla.Tenants.Tests.Purge;

/// <summary>The Loki fake answers as the documented log deletion API does.</summary>
public sealed class FakeLokiCompactorTests
{
    [Fact]
    public async Task Without_the_tenant_header_both_endpoints_answer_401()
    {
        await using var fake = await FakeLokiCompactor.StartAsync();
        using var http = new HttpClient { BaseAddress = fake.BaseUri };

        using var create = await http.PostAsync(new Uri("loki/api/v1/delete?query=%7Bjob%3D%22x%22%7D&start=1591616227", UriKind.Relative), null);
        using var list = await http.GetAsync(new Uri("loki/api/v1/delete", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Theory]
    [InlineData("start=1591616227", "query not set")]
    [InlineData("query=%7Bjob%3D%22x%22%7D", "start time not set")]
    [InlineData("query=not-a-selector&start=1591616227", "invalid query expression")]
    [InlineData("query=%7Bjob%3D%22x%22%7D&start=0", "invalid start time")]
    [InlineData("query=%7Bjob%3D%22x%22%7D&start=1591616227&end=4102444800", "deletes in the future are not allowed")]
    [InlineData("query=%7Bjob%3D%22x%22%7D&start=1591616227&end=1591616000", "start time can't be greater than end time")]
    public async Task A_malformed_request_is_refused_with_400(string query, string reason)
    {
        await using var fake = await FakeLokiCompactor.StartAsync();
        using var http = Tenant(fake, "t1");

        using var response = await http.PostAsync(new Uri("loki/api/v1/delete?" + query, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_is_created_with_204_and_listed_received_then_processed_for_its_tenant_only()
    {
        await using var fake = await FakeLokiCompactor.StartAsync();
        fake.ListsUntilProcessed = 1;
        using var http = Tenant(fake, "t1");
        using var other = Tenant(fake, "t2");

        using var created = await http.PostAsync(new Uri("loki/api/v1/delete?query=%7Bjob%3D~%22.%2B%22%7D&start=1970-01-01T00:00:00Z", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Empty(await created.Content.ReadAsStringAsync());

        var first = Assert.Single(await ListAsync(http));
        Assert.Equal("received", first.GetProperty("status").GetString());
        Assert.Equal("{job=~\".+\"}", first.GetProperty("query").GetString());
        Assert.Equal(0, first.GetProperty("start_time").GetInt64());
        Assert.InRange(first.GetProperty("created_at").GetDouble(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal("processed", Assert.Single(await ListAsync(http)).GetProperty("status").GetString());
        Assert.Empty(await ListAsync(other));
    }

    private static HttpClient Tenant(FakeLokiCompactor fake, string tenant)
    {
        var http = new HttpClient { BaseAddress = fake.BaseUri };
        http.DefaultRequestHeaders.Add("X-Scope-OrgID", tenant);
        return http;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>(new Uri("loki/api/v1/delete", UriKind.Relative))).EnumerateArray().ToList();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mla.Grafana.TestServer.Tests;

/// <summary>The fake's auth proxy (KKP's set-up: <c>X-Forwarded-Email</c>, <c>header_property = username</c>): first login signs the user up.</summary>
public sealed class AuthProxyContractTests : IAsyncLifetime
{
    private GrafanaTestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await GrafanaTestServer.StartAsync(new GrafanaTestServerOptions { AuthProxyHeaderName = "X-Forwarded-Email" });
        _admin = new HttpClient { BaseAddress = _server.Url };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_server.Options.AdminLogin}:{_server.Options.AdminPassword}")));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task First_login_signs_the_user_up_into_the_main_org_and_a_second_login_finds_it()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("api/users/lookup?loginOrEmail=ann@example.com")).StatusCode);

        var id = await _server.LogInThroughAuthProxyAsync("ann@example.com");
        var again = await _server.LogInThroughAuthProxyAsync("ann@example.com");
        var found = await _admin.GetFromJsonAsync<JsonElement>("api/users/lookup?loginOrEmail=ann@example.com");
        var main = await _admin.GetFromJsonAsync<JsonElement>("api/orgs/1/users");

        Assert.Equal(id, again);
        Assert.Equal(id, found.GetProperty("id").GetInt64());
        Assert.Equal("ann@example.com", found.GetProperty("login").GetString());
        Assert.Equal("ann@example.com", found.GetProperty("email").GetString());
        Assert.Equal(1, found.GetProperty("orgId").GetInt64());
        Assert.Contains(main.EnumerateArray(), u => u.GetProperty("userId").GetInt64() == id && u.GetProperty("role").GetString() == "Viewer");
    }

    [Fact]
    public async Task A_first_login_adds_one_to_the_user_search_total_count_a_second_login_does_not()
    {
        var before = await TotalUsersAsync();

        await _server.LogInThroughAuthProxyAsync("ann@example.com");
        var afterFirst = await TotalUsersAsync();
        await _server.LogInThroughAuthProxyAsync("ann@example.com");
        var afterSecond = await TotalUsersAsync();

        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, afterSecond);
    }

    [Fact]
    public async Task A_header_value_that_is_no_email_becomes_the_login_only_and_proxy_users_are_not_admins()
    {
        var id = await _server.LogInThroughAuthProxyAsync("bob");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/orgs");
        request.Headers.Add("X-Forwarded-Email", "bob");
        using var proxied = new HttpClient { BaseAddress = _server.Url };
        var orgs = await proxied.SendAsync(request);
        var bob = await _admin.GetFromJsonAsync<JsonElement>($"api/users/lookup?loginOrEmail=bob");

        Assert.Equal(id, bob.GetProperty("id").GetInt64());
        Assert.Equal("", bob.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, orgs.StatusCode);
    }

    [Fact]
    public async Task A_datasource_header_named_as_the_proxy_header_is_refused()
    {
        var body = new
        {
            name = "p",
            type = "prometheus",
            url = "http://p.example.com",
            jsonData = new { httpHeaderName1 = "x-forwarded-email" },
            secureJsonData = new { httpHeaderValue1 = "root@example.com" },
        };
        var refused = await _admin.PostAsJsonAsync("api/datasources", body);
        var accepted = await _admin.PostAsJsonAsync("api/datasources", body with { jsonData = new { httpHeaderName1 = "Authorization" } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Without_an_auth_proxy_the_header_means_nothing()
    {
        await using var plain = await GrafanaTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = plain.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/user");
        request.Headers.Add("X-Forwarded-Email", "ann@example.com");

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => plain.LogInThroughAuthProxyAsync("ann@example.com"));
        Assert.Single(plain.State.Users);
    }

    private async Task<int> TotalUsersAsync() =>
        (await _admin.GetFromJsonAsync<JsonElement>("api/users/search?perpage=1&page=1")).GetProperty("totalCount").GetInt32();
}

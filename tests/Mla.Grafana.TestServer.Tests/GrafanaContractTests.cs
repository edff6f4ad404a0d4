using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mla.Grafana.TestServer.Tests;

/// <summary>The fake Grafana answers as Grafana's HTTP API (https://grafana.com/docs/grafana/latest/developers/http_api/) does, as Grafana 13: datasources by uid only (the numeric-id routes are off), `/api/orgs` paged from 0.</summary>
public sealed class GrafanaContractTests : IAsyncLifetime
{
    private GrafanaTestServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await GrafanaTestServer.StartAsync();
        _http = Client(_server.Options.AdminLogin, _server.Options.AdminPassword);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Basic_auth_as_the_server_admin_is_required_except_for_health()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Url };
        using var wrong = Client("admin", "nope");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("api/health")).StatusCode);
    }

    [Fact]
    public async Task A_taken_org_name_is_409_on_create_and_400_on_rename_an_unknown_org_500_on_rename_404_on_delete()
    {
        var id = await CreateOrgAsync("p1-abc");

        var again = await _http.PostAsJsonAsync("api/orgs", new { name = "p1-abc" });
        var other = await CreateOrgAsync("p2-def");
        var rename = await _http.PutAsJsonAsync($"api/orgs/{other}", new { name = "p1-abc" });
        var unknownRename = await _http.PutAsJsonAsync("api/orgs/9999", new { name = "x" });
        var unknownDelete = await _http.DeleteAsync("api/orgs/9999");

        Assert.Equal((HttpStatusCode.Conflict, "Organization name taken"), (again.StatusCode, await MessageAsync(again)));
        Assert.Equal((HttpStatusCode.BadRequest, "Organization name taken"), (rename.StatusCode, await MessageAsync(rename)));
        Assert.Equal(HttpStatusCode.InternalServerError, unknownRename.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "Failed to delete organization. ID not found"), (unknownDelete.StatusCode, await MessageAsync(unknownDelete)));
        Assert.Equal(id, (await _http.GetFromJsonAsync<JsonElement>("api/orgs/name/p1-abc")).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await _http.DeleteAsync($"api/orgs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"api/orgs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Org_pages_count_from_zero()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateOrgAsync($"page-{i}");
        }

        var first = await _http.GetFromJsonAsync<JsonElement>("api/orgs?perpage=2&page=0&query=page-");
        var second = await _http.GetFromJsonAsync<JsonElement>("api/orgs?perpage=2&page=1&query=page-");
        var last = await _http.GetFromJsonAsync<JsonElement>("api/orgs?perpage=2&page=2&query=page-");
        var past = await _http.GetFromJsonAsync<JsonElement>("api/orgs?perpage=2&page=3&query=page-");

        Assert.Equal(["page-0", "page-1"], Names(first));
        Assert.Equal(["page-2", "page-3"], Names(second));
        Assert.Equal(["page-4"], Names(last));
        Assert.Empty(Names(past));
    }

    [Fact]
    public async Task Users_duplicate_is_412_lookup_404_org_membership_rules()
    {
        var created = await _http.PostAsJsonAsync("api/admin/users", new { login = "alice", email = "alice@example.com", password = "secret1" });
        var duplicate = await _http.PostAsJsonAsync("api/admin/users", new { login = "alice", email = "alice@example.com", password = "secret1" });
        var missing = await _http.GetAsync("api/users/lookup?loginOrEmail=bob");
        var org = await CreateOrgAsync("members");

        var added = await _http.PostAsJsonAsync($"api/orgs/{org}/users", new { loginOrEmail = "alice", role = "Editor" });
        var addedAgain = await _http.PostAsJsonAsync($"api/orgs/{org}/users", new { loginOrEmail = "alice", role = "Editor" });
        var toUnknownOrg = await _http.PostAsJsonAsync("api/orgs/9999/users", new { loginOrEmail = "alice", role = "Editor" });
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var patchNonMember = await _http.PatchAsJsonAsync($"api/orgs/1/users/{userId}", new { role = "Viewer" });
        var removeNonMemberOfOrg = await _http.DeleteAsync($"api/orgs/9999/users/{userId}");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, duplicate.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "user not found"), (missing.StatusCode, await MessageAsync(missing)));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, addedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, toUnknownOrg.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patchNonMember.StatusCode); // auto_assign_org: alice is a Viewer of org 1
        Assert.Equal(HttpStatusCode.OK, removeNonMemberOfOrg.StatusCode);
    }

    [Fact]
    public async Task User_search_pages_count_from_one_and_totalCount_counts_every_match_not_the_page()
    {
        foreach (var login in new[] { "carol", "alice", "bob" })
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.PostAsJsonAsync("api/admin/users", new { login, email = $"{login}@example.com", password = "secret1" })).StatusCode);
        }

        var first = await _http.GetFromJsonAsync<JsonElement>("api/users/search?perpage=2&page=1");
        var second = await _http.GetFromJsonAsync<JsonElement>("api/users/search?perpage=2&page=2");
        var past = await _http.GetFromJsonAsync<JsonElement>("api/users/search?perpage=2&page=3");
        var zero = await _http.GetFromJsonAsync<JsonElement>("api/users/search?perpage=2&page=0");
        var defaults = await _http.GetFromJsonAsync<JsonElement>("api/users/search");
        var query = await _http.GetFromJsonAsync<JsonElement>("api/users/search?perpage=1&page=1&query=EXAMPLE");

        // The server admin and three users, sorted by login; totalCount is every match whatever the page.
        Assert.Equal((4, 1, 2), (first.GetProperty("totalCount").GetInt32(), first.GetProperty("page").GetInt32(), first.GetProperty("perPage").GetInt32()));
        Assert.Equal(["admin", "alice"], Logins(first));
        Assert.Equal(["bob", "carol"], Logins(second));
        Assert.Empty(Logins(past));
        Assert.Equal(4, past.GetProperty("totalCount").GetInt32());
        Assert.Equal(Logins(first), Logins(zero)); // page 0 is page 1
        Assert.Equal(1, zero.GetProperty("page").GetInt32());
        Assert.Equal((1000, 1, 4), (defaults.GetProperty("perPage").GetInt32(), defaults.GetProperty("page").GetInt32(), Logins(defaults).Count));
        Assert.Equal(3, query.GetProperty("totalCount").GetInt32()); // login, email or name contains it, any case; not admin@localhost
        Assert.Equal(["alice"], Logins(query));
        var hit = first.GetProperty("users")[1];
        Assert.Equal("alice@example.com", hit.GetProperty("email").GetString());
        Assert.False(hit.GetProperty("isAdmin").GetBoolean());
        Assert.True(first.GetProperty("users")[0].GetProperty("isAdmin").GetBoolean());
        Assert.Equal(6, _server.RequestsTo("GET", "/api/users/search"));
    }

    [Fact]
    public async Task Removing_a_user_from_its_current_org_moves_it_to_another_membership_or_to_none()
    {
        await _http.PostAsJsonAsync("api/admin/users", new { login = "carol", password = "secret1" });
        var org = await CreateOrgAsync("carols");
        await _http.PostAsJsonAsync($"api/orgs/{org}/users", new { loginOrEmail = "carol", role = "Viewer" });
        var carol = await _http.GetFromJsonAsync<JsonElement>("api/users/lookup?loginOrEmail=carol");
        Assert.Equal(1, carol.GetProperty("orgId").GetInt64());

        await _http.DeleteAsync($"api/orgs/1/users/{carol.GetProperty("id").GetInt64()}");
        var moved = await _http.GetFromJsonAsync<JsonElement>("api/users/lookup?loginOrEmail=carol");
        await _http.DeleteAsync($"api/orgs/{org}/users/{carol.GetProperty("id").GetInt64()}");
        var none = await _http.GetFromJsonAsync<JsonElement>("api/users/lookup?loginOrEmail=carol");

        Assert.Equal(org, moved.GetProperty("orgId").GetInt64());
        Assert.False(none.TryGetProperty("orgId", out _));
    }

    [Fact]
    public async Task Datasources_by_uid_in_the_org_of_the_header_with_versions_and_no_by_id_routes()
    {
        var org = await CreateOrgAsync("ds-org");
        var body = new { uid = "prometheus-c1", name = "prometheus-c1", type = "prometheus", url = "http://gw/prometheus", access = "proxy", jsonData = new { httpHeaderName1 = "Authorization" }, secureJsonData = new { httpHeaderValue1 = "Bearer secret" } };

        var created = await SendAsync(HttpMethod.Post, "api/datasources", org, body);
        var sameName = await SendAsync(HttpMethod.Post, "api/datasources", org, body with { uid = "other" });
        var sameUid = await SendAsync(HttpMethod.Post, "api/datasources", org, body with { name = "other" });
        var badUid = await SendAsync(HttpMethod.Post, "api/datasources", org, body with { uid = "bad uid!", name = "x" });
        var inOrg1 = await SendAsync(HttpMethod.Get, "api/datasources/uid/prometheus-c1", 1, null);
        var read = await (await SendAsync(HttpMethod.Get, "api/datasources/uid/prometheus-c1", org, null)).Content.ReadFromJsonAsync<JsonElement>();
        var byId = await SendAsync(HttpMethod.Get, $"api/datasources/{read.GetProperty("id").GetInt64()}", org, null);
        var updated = await SendAsync(HttpMethod.Put, "api/datasources/uid/prometheus-c1", org, new { name = "prometheus-c1", type = "prometheus", url = "http://gw2/", version = 1 });
        var stale = await SendAsync(HttpMethod.Put, "api/datasources/uid/prometheus-c1", org, new { name = "prometheus-c1", type = "prometheus", url = "http://gw3/", version = 1 });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "data source with the same name already exists"), (sameName.StatusCode, await MessageAsync(sameName)));
        Assert.Equal((HttpStatusCode.Conflict, "data source with the same uid already exists"), (sameUid.StatusCode, await MessageAsync(sameUid)));
        Assert.Equal(HttpStatusCode.BadRequest, badUid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, inOrg1.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        Assert.False(read.TryGetProperty("secureJsonData", out _));
        Assert.True(read.GetProperty("secureJsonFields").GetProperty("httpHeaderValue1").GetBoolean());
        Assert.True(read.GetProperty("isDefault").GetBoolean()); // the first datasource of an org
        Assert.Equal(1, read.GetProperty("version").GetInt32());
        Assert.Equal(2, (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("datasource").GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Bearer secret", _server.State.Datasources.Single(d => d.Uid == "prometheus-c1").SecureJsonData["httpHeaderValue1"]);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, "api/datasources/uid/prometheus-c1", org, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "api/datasources/uid/prometheus-c1", org, null)).StatusCode);
    }

    [Fact]
    public async Task Dashboards_start_at_version_1_every_save_adds_1_and_a_stale_version_without_overwrite_is_412()
    {
        var org = await CreateOrgAsync("dash-org");
        var first = await SendAsync(HttpMethod.Post, "api/dashboards/db", org, new { dashboard = new { uid = "mla-overview", title = "Overview", version = 0 }, overwrite = true });
        var same = await SendAsync(HttpMethod.Post, "api/dashboards/db", org, new { dashboard = new { uid = "mla-overview", title = "Overview", version = 0 }, overwrite = true });
        var stale = await SendAsync(HttpMethod.Post, "api/dashboards/db", org, new { dashboard = new { uid = "mla-overview", title = "Overview", version = 1 }, overwrite = false });
        var current = await SendAsync(HttpMethod.Post, "api/dashboards/db", org, new { dashboard = new { uid = "mla-overview", title = "Overview", version = 2 }, overwrite = false });

        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(2, (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(3, (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "api/dashboards/uid/mla-overview", 1, null)).StatusCode);
    }

    [Fact]
    public async Task Down_answers_503_and_changes_nothing_and_writes_are_counted()
    {
        var writes = _server.Writes;
        _server.Down = true;
        var refused = await _http.PostAsJsonAsync("api/orgs", new { name = "while-down" });
        _server.Down = false;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(writes, _server.Writes);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/orgs/name/while-down")).StatusCode);
        await CreateOrgAsync("after-down");
        Assert.Equal(writes + 1, _server.Writes);
    }

    [Fact]
    public async Task DownAfterWrite_applies_and_answers_that_write_then_answers_503()
    {
        _server.DownAfterWrite = _server.Writes + 2;
        await CreateOrgAsync("first");
        await CreateOrgAsync("second");
        var refused = await _http.PostAsJsonAsync("api/orgs", new { name = "third" });
        var read = await _http.GetAsync("api/orgs");
        _server.Down = false;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/orgs/name/second")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/orgs/name/third")).StatusCode);
    }

    private HttpClient Client(string user, string password)
    {
        var http = new HttpClient { BaseAddress = _server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private async Task<long> CreateOrgAsync(string name)
    {
        var response = await _http.PostAsJsonAsync("api/orgs", new { name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orgId").GetInt64();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, long org, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Grafana-Org-Id", org.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        return await _http.SendAsync(request);
    }

    private static List<string?> Logins(JsonElement search) => search.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("login").GetString()).ToList();

    private static List<string?> Names(JsonElement orgs) => orgs.EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();

    private static async Task<string?> MessageAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();
}

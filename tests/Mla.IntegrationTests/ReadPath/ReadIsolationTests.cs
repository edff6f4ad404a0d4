using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Mla.IntegrationTests.ReadPath;

/// <summary>
/// The read path against the real VictoriaMetrics with two tenants: whatever A asks (its own <c>extra_label</c> in the
/// query string, in the form, twice, URL-encoded), it never gets a sample, a series or a label value of B; B sees B;
/// the admin token sees both; no token, a write token and a deleted tenant's read token get 401.
/// </summary>
[Collection(ReadPathCollection.Name)]
public sealed class ReadIsolationTests(ReadPathFixture fixture)
{
    private ReadPathGateway Gateway => fixture.Gateway;

    private string A => Gateway.TenantA;

    private string B => Gateway.TenantB;

    [Theory]
    [InlineData("up")]
    [InlineData("up{tenant=\"$B\"}")]
    [InlineData("{__name__=~\".+\"}")]
    [InlineData("count by (tenant) ({__name__=~\".+\"})")]
    [InlineData("mla_only_$B")]
    [InlineData("sum(mla_only_$B) or vector(0)")]
    public async Task A_query_of_A_sees_only_A(string promql)
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        var query = promql.Replace("$B", B, StringComparison.Ordinal);

        var instant = await ReadAsync(a, HttpMethod.Get, "query?query=" + Uri.EscapeDataString(query));
        var range = await ReadAsync(a, HttpMethod.Get, $"query_range?query={Uri.EscapeDataString(query)}&start={Now() - 300}&end={Now()}&step=15");
        var posted = await ReadAsync(a, HttpMethod.Post, "query", [new("query", query)]);

        foreach (var body in new[] { instant, range, posted })
        {
            AssertNothingOf(B, body);
        }

        if (query.Contains(B, StringComparison.Ordinal))
        {
            return;
        }

        // Queries that do not name B see A's data (the scope does not hide everything).
        Assert.Contains(A, instant, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "query?query=up&extra_label=tenant%3D$B")]
    [InlineData("GET", "query?query=up&extra_label=tenant=$B&extra_label=tenant=$B")]
    [InlineData("GET", "query?query=up&extra%5Flabel=tenant%3D$B")]
    [InlineData("GET", "query?query=up&extra_filters=%7Btenant%3D%22$B%22%7D")]
    [InlineData("GET", "query?query=up&extra_filters[]=%7Btenant%3D%22$B%22%7D&extra_label[]=tenant=$B")]
    [InlineData("GET", "query?query=up&EXTRA_LABEL=tenant%3D$B")]
    [InlineData("POST", "query?extra_label=tenant%3D$B")]
    public async Task The_callers_own_extra_label_never_widens_or_moves_the_scope(string method, string pathAndQuery)
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        var path = pathAndQuery.Replace("$B", B, StringComparison.Ordinal);
        var body = method == "GET"
            ? await ReadAsync(a, HttpMethod.Get, path)
            : await ReadAsync(a, HttpMethod.Post, path, [new("query", "up"), new("extra_label", $"tenant={B}"), new("extra_label", $"tenant={B}"), new("extra_filters", $"{{tenant=\"{B}\"}}")]);

        AssertNothingOf(B, body);
        Assert.Contains(A, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_labels_label_values_and_metadata_of_A_name_nothing_of_B()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        var start = Now() - 3600;
        var series = await ReadAsync(a, HttpMethod.Get, $"series?match[]={Uri.EscapeDataString($"{{tenant=\"{B}\"}}")}&start={start}");
        var allSeries = await ReadAsync(a, HttpMethod.Get, $"series?match[]={Uri.EscapeDataString("{__name__=~\".+\"}")}&start={start}");
        var postedSeries = await ReadAsync(a, HttpMethod.Post, "series", [new("match[]", $"{{tenant=\"{B}\"}}"), new("start", start.ToString(CultureInfo.InvariantCulture))]);
        var tenantValues = await ReadAsync(a, HttpMethod.Get, $"label/tenant/values?start={start}");
        var names = await ReadAsync(a, HttpMethod.Get, $"label/__name__/values?start={start}");
        var labels = await ReadAsync(a, HttpMethod.Get, $"labels?start={start}");
        var metadata = await ReadAsync(a, HttpMethod.Get, "metadata");

        foreach (var body in new[] { series, allSeries, postedSeries, tenantValues, names, labels, metadata })
        {
            AssertNothingOf(B, body);
        }

        Assert.Equal([A], Data(tenantValues).EnumerateArray().Select(v => v.GetString()));
        Assert.Contains($"mla_only_{A}", names, StringComparison.Ordinal);
        Assert.Contains(A, allSeries, StringComparison.Ordinal);
    }

    [Fact]
    public async Task B_sees_only_B_and_the_admin_sees_both()
    {
        using var b = Gateway.Client(Gateway.ReadTokenB);
        using var admin = Gateway.Client(Gateway.AdminToken);
        var query = "count by (tenant) ({__name__=~\".+\"})";

        var ofB = await TenantsOfAsync(b, query);
        var ofAdmin = await TenantsOfAsync(admin, query);

        Assert.Equal([B], ofB);
        Assert.True(ofAdmin.IsSupersetOf([A, B]), $"the admin sees {string.Join(", ", ofAdmin)}");
    }

    [Fact]
    public async Task No_token_a_write_token_a_deleted_tenants_token_and_a_wrong_token_get_401()
    {
        foreach (var token in new[] { null, Gateway.WriteTokenA, Gateway.ReadTokenDeleted, Gateway.ReadTokenA + "x", "" })
        {
            using var http = Gateway.Client(null);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/prometheus/api/v1/query?query=up");
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            }

            request.Headers.TryAddWithoutValidation("X-Scope-OrgID", A);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"token #{Array.IndexOf([null, Gateway.WriteTokenA, Gateway.ReadTokenDeleted], token)}: {(int)response.StatusCode} {body}");
            AssertNothingOf(A, body);
        }
    }

    [Fact]
    public async Task Paths_outside_the_read_API_are_not_forwarded()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        foreach (var path in new[] { "export?match[]=up", "admin/tsdb/delete_series?match[]=up", "label/../../export/values", "status/tsdb", "import" })
        {
            using var response = await a.GetAsync(new Uri("/prometheus/api/v1/" + path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }
    }

    private static void AssertNothingOf(string tenant, string body) =>
        Assert.False(body.Contains(tenant, StringComparison.Ordinal), $"the answer names tenant {tenant}: {body[..Math.Min(body.Length, 2000)]}");

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static async Task<string> ReadAsync(HttpClient http, HttpMethod method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var request = new HttpRequestMessage(method, "/prometheus/api/v1/" + pathAndQuery);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {pathAndQuery}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static JsonElement Data(string body) => JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();

    private static async Task<HashSet<string>> TenantsOfAsync(HttpClient http, string query)
    {
        var body = await ReadAsync(http, HttpMethod.Get, "query?query=" + Uri.EscapeDataString(query));
        return [.. Data(body).GetProperty("result").EnumerateArray().Select(r => r.GetProperty("metric").TryGetProperty("tenant", out var t) ? t.GetString()! : "")];
    }
}

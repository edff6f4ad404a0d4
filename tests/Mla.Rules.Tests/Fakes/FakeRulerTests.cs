using System.Net;
using System.Text;
using Mla.Rules.Rulers;

namespace Mla.Rules.Tests.Fakes;

/// <summary>The fakes answer as the real rulers and Alertmanager config API do (https://grafana.com/docs/mimir/latest/references/http-api/#ruler, #alertmanager).</summary>
public sealed class FakeRulerTests
{
    private const string Group = "name: g\nrules:\n  - record: x\n    expr: sum(up)\n";

    [Theory]
    [InlineData(RulerKind.Mimir)]
    [InlineData(RulerKind.Cortex)]
    [InlineData(RulerKind.Loki)]
    public async Task Create_read_update_delete_and_404_as_absent(RulerKind kind)
    {
        await using var ruler = await FakeRuler.StartAsync(kind);
        using var http = new HttpClient { BaseAddress = ruler.BaseUri };

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"{ruler.Prefix}/default/g")).Status);
        var list = await SendAsync(http, HttpMethod.Get, ruler.Prefix);
        Assert.Equal(kind == RulerKind.Mimir ? (HttpStatusCode.OK, "{}") : (HttpStatusCode.NotFound, "no rule groups found"), (list.Status, list.Body.Trim()));

        var created = await SendAsync(http, HttpMethod.Post, $"{ruler.Prefix}/default", Group);
        Assert.Equal(HttpStatusCode.Accepted, created.Status);
        Assert.Equal("{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}", created.Body);
        var read = await SendAsync(http, HttpMethod.Get, $"{ruler.Prefix}/default/g");
        Assert.Equal((HttpStatusCode.OK, Group), (read.Status, read.Body));
        Assert.Contains("default:", (await SendAsync(http, HttpMethod.Get, $"{ruler.Prefix}/default")).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(http, HttpMethod.Post, $"{ruler.Prefix}/default", Group.Replace("sum(up)", "up", StringComparison.Ordinal))).Status);
        Assert.DoesNotContain("sum", (await SendAsync(http, HttpMethod.Get, $"{ruler.Prefix}/default/g")).Body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(http, HttpMethod.Delete, $"{ruler.Prefix}/default/g")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Delete, $"{ruler.Prefix}/default/g")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"{ruler.Prefix}/default/g")).Status);
    }

    [Theory]
    [InlineData(RulerKind.Cortex, "name: g\n  rules: [\n", "unable to decode rule group")]
    [InlineData(RulerKind.Loki, "name: g\n  rules: [\n", "unable to decoded rule group")]
    [InlineData(RulerKind.Mimir, "name: g\nrules: []\n", "invalid rules config: rule group 'g' has no rules")]
    [InlineData(RulerKind.Mimir, "name: g\nrules:\n  - alert: A\n    expr: sum(\n", "could not parse expression")]
    public async Task Bad_groups_are_400_with_the_reason(RulerKind kind, string yaml, string reason)
    {
        await using var ruler = await FakeRuler.StartAsync(kind);
        using var http = new HttpClient { BaseAddress = ruler.BaseUri };
        var response = await SendAsync(http, HttpMethod.Post, $"{ruler.Prefix}/default", yaml);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(reason, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_tenant_it_is_401_no_org_id_and_tenants_are_apart()
    {
        await using var ruler = await FakeRuler.StartAsync(RulerKind.Cortex);
        using var http = new HttpClient { BaseAddress = ruler.BaseUri };
        using var anonymous = await http.GetAsync(new Uri($"{ruler.Prefix}/default", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("no org id", await anonymous.Content.ReadAsStringAsync());
        await SendAsync(http, HttpMethod.Post, $"{ruler.Prefix}/default", Group, tenant: "a");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"{ruler.Prefix}/default/g", tenant: "b")).Status);
    }

    [Fact]
    public async Task The_Alertmanager_API_answers_404_201_200_and_400()
    {
        await using var api = await FakeAlertmanagerApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseUri };
        var missing = await SendAsync(http, HttpMethod.Get, "api/v1/alerts");
        Assert.Equal((HttpStatusCode.NotFound, "alertmanager storage object not found"), (missing.Status, missing.Body));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Delete, "api/v1/alerts")).Status);
        const string Config = "template_files: {}\nalertmanager_config: |\n  route:\n    receiver: 'null'\n  receivers:\n    - name: 'null'\n";
        var created = await SendAsync(http, HttpMethod.Post, "api/v1/alerts", Config);
        Assert.Equal((HttpStatusCode.Created, string.Empty), (created.Status, created.Body));
        Assert.Equal((HttpStatusCode.OK, Config), await SendAsync(http, HttpMethod.Get, "api/v1/alerts"));
        var empty = await SendAsync(http, HttpMethod.Post, "api/v1/alerts", "alertmanager_config: \"\"\n");
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("configuration provided is empty", empty.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Delete, "api/v1/alerts")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, "api/v1/alerts")).Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null, string tenant = "t1")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add(RulerClient.TenantHeader, tenant);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/yaml");
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

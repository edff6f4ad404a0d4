using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mla.IntegrationTests.ReadPath;

/// <summary>
/// The Alertmanager API through the read path against the real Alertmanager (the vmalert backend's one for every
/// tenant): A lists only A's alerts and silences, a silence A creates always carries <c>tenant="A"</c>, and A can
/// neither see, change nor expire B's silence.
/// </summary>
[Collection(ReadPathCollection.Name)]
public sealed class AlertmanagerReadTests(ReadPathFixture fixture)
{
    private ReadPathGateway Gateway => fixture.Gateway;

    private string A => Gateway.TenantA;

    private string B => Gateway.TenantB;

    [Fact]
    public async Task A_lists_only_its_alerts_and_groups_even_when_it_filters_for_B()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);

        var alerts = await GetAsync(a, "alerts");
        var groups = await GetAsync(a, "alerts/groups");
        var filtered = await GetAsync(a, "alerts?filter=" + Uri.EscapeDataString($"tenant=\"{B}\""));
        var regex = await GetAsync(a, "alerts?filter=" + Uri.EscapeDataString("tenant=~\".+\""));

        Assert.Equal([$"NodeDown_{A}"], Names(alerts));
        Assert.Equal([$"NodeDown_{A}"], groups.EnumerateArray().SelectMany(g => Names(g.GetProperty("alerts"))));
        Assert.Empty(filtered.EnumerateArray());
        Assert.Equal([$"NodeDown_{A}"], Names(regex));
        using var admin = Gateway.Client(Gateway.AdminToken);
        var all = Names(await GetAsync(admin, "alerts")).ToHashSet();
        Assert.True(all.IsSupersetOf([$"NodeDown_{A}", $"NodeDown_{B}"]), $"the admin sees {string.Join(", ", all)}");
    }

    [Fact]
    public async Task A_silence_created_by_A_always_carries_tenant_A_and_cannot_silence_B()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        using var admin = Gateway.Client(Gateway.AdminToken);

        var alert = "DiskFull_" + Guid.NewGuid().ToString("N");
        await fixture.Alertmanager.PostAlertsAsync([new Dictionary<string, string> { ["alertname"] = alert, ["tenant"] = B }]);

        var id = await CreateSilenceAsync(a, [new("alertname", alert), new("tenant", B)]);

        var silence = await GetAsync(admin, $"silence/{id}");
        var matchers = silence.GetProperty("matchers").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("value").GetString())).ToList();
        Assert.Contains(("tenant", A), matchers);
        Assert.DoesNotContain(("tenant", B), matchers);
        var ofB = (await GetAsync(admin, "alerts?filter=" + Uri.EscapeDataString($"alertname=\"{alert}\""))).EnumerateArray().Single();
        Assert.Equal("active", ofB.GetProperty("status").GetProperty("state").GetString());
        Assert.Contains(id, (await GetAsync(a, "silences")).EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_can_neither_see_change_nor_expire_Bs_silence()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        using var b = Gateway.Client(Gateway.ReadTokenB);
        var ofB = await CreateSilenceAsync(b, [new("alertname", $"NodeDown_{B}")]);

        var listed = await GetAsync(a, "silences");
        using var get = await a.GetAsync(new Uri($"/alertmanager/api/v2/silence/{ofB}", UriKind.Relative));
        using var delete = await a.DeleteAsync(new Uri($"/alertmanager/api/v2/silence/{ofB}", UriKind.Relative));
        using var change = await a.PostAsJsonAsync(new Uri("/alertmanager/api/v2/silences", UriKind.Relative), Silence([new("alertname", "x")], ofB));

        Assert.DoesNotContain(ofB, listed.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.All(listed.EnumerateArray(), s => Assert.DoesNotContain(B, s.GetRawText(), StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, delete.StatusCode, change.StatusCode));
        var still = await GetAsync(b, $"silence/{ofB}");
        Assert.Equal("active", still.GetProperty("status").GetProperty("state").GetString());
        Assert.Contains(("alertname", $"NodeDown_{B}"), still.GetProperty("matchers").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("value").GetString())));
    }

    [Fact]
    public async Task Status_of_a_tenant_leaves_out_the_configuration_and_no_token_is_401()
    {
        using var a = Gateway.Client(Gateway.ReadTokenA);
        using var anonymous = Gateway.Client(null);
        using var writer = Gateway.Client(Gateway.WriteTokenA);

        var status = await GetAsync(a, "status");
        using var refused = await anonymous.GetAsync(new Uri("/alertmanager/api/v2/alerts", UriKind.Relative));
        using var refusedWriter = await writer.GetAsync(new Uri("/alertmanager/api/v2/alerts", UriKind.Relative));

        Assert.Equal("", status.GetProperty("config").GetProperty("original").GetString());
        Assert.True(status.TryGetProperty("versionInfo", out _));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (refused.StatusCode, refusedWriter.StatusCode));
    }

    private static IEnumerable<string?> Names(JsonElement alerts) =>
        alerts.EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString());

    private static object Silence(IEnumerable<KeyValuePair<string, string>> matchers, string? id = null) => new
    {
        id,
        matchers = matchers.Select(m => new { name = m.Key, value = m.Value, isRegex = false, isEqual = true }).ToList(),
        startsAt = DateTimeOffset.UtcNow,
        endsAt = DateTimeOffset.UtcNow.AddHours(1),
        createdBy = "read-path test",
        comment = "test",
    };

    private static async Task<string> CreateSilenceAsync(HttpClient http, IEnumerable<KeyValuePair<string, string>> matchers)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/alertmanager/api/v2/silences", UriKind.Relative), Silence(matchers));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST silences: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("silenceID").GetString()!;
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri("/alertmanager/api/v2/" + path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;

namespace Mla.Hosting.Tests.Access;

/// <summary>OIDC JWTs (KKP's Dex) map a claim's values to roles; expired, foreign or mis-addressed tokens are refused with the reason.</summary>
public sealed class OidcAccessTests : IAsyncLifetime
{
    private const string Audience = "mla-admin";
    private TestOidcIssuer _issuer = null!;
    private TestOidcIssuer _foreign = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestOidcIssuer.StartAsync();
        _foreign = await TestOidcIssuer.StartAsync();
        (_app, _http) = await AccessTestApp.StartAsync(new()
        {
            ["Mla:Access:Oidc:Issuer"] = _issuer.Issuer,
            ["Mla:Access:Oidc:Audience"] = Audience,
            ["Mla:Access:Oidc:RequireHttpsMetadata"] = "false",
            ["Mla:Access:Oidc:Roles:mla-viewers"] = "viewer",
            ["Mla:Access:Oidc:Roles:mla-operators"] = "operator",
        });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _issuer.DisposeAsync();
        await _foreign.DisposeAsync();
    }

    [Fact]
    public async Task A_group_mapped_to_operator_may_act_and_read()
    {
        var token = _issuer.Token(Audience, "ops@example.com", ["mla-operators", "unrelated"]);
        Assert.Equal(HttpStatusCode.Accepted, await StatusAsync(HttpMethod.Post, "/api/v1/things/resync", token));
        using var read = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Get, "/api/v1/things", token));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("ops@example.com", (await read.Content.ReadFromJsonAsync()).GetProperty("caller").GetString());
    }

    [Fact]
    public async Task A_viewer_group_may_read_but_not_act()
    {
        var token = _issuer.Token(Audience, "dev@example.com", ["mla-viewers"]);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/api/v1/things", token));
        using var act = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Post, "/api/v1/things/resync", token));
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        Assert.Contains("needs role 'operator'", (await act.Content.ReadFromJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_whose_groups_map_to_no_role_is_forbidden()
    {
        var token = _issuer.Token(Audience, "guest@example.com", ["someone-else"]);
        using var response = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Get, "/api/v1/things", token));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("has no role", (await response.Content.ReadFromJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_told_so()
    {
        var token = _issuer.Token(Audience, "ops@example.com", ["mla-operators"], lifetime: TimeSpan.FromMinutes(-5));
        var detail = await RefusalAsync(token);
        Assert.StartsWith("the JWT expired at", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused()
    {
        var token = _foreign.Token(Audience, "ops@example.com", ["mla-operators"], issuer: _issuer.Issuer);
        Assert.Equal("the JWT's signature does not verify with the issuer's keys", await RefusalAsync(token));
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_refused()
    {
        var token = _foreign.Token(Audience, "ops@example.com", ["mla-operators"]);
        var detail = await RefusalAsync(token);
        Assert.Contains("JWT", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = _issuer.Token("grafana", "ops@example.com", ["mla-operators"]);
        Assert.Equal("the JWT was issued for another audience", await RefusalAsync(token));
    }

    [Fact]
    public async Task Hashed_tokens_keep_working_beside_oidc()
    {
        Assert.Equal(HttpStatusCode.Accepted, await StatusAsync(HttpMethod.Post, "/api/v1/things/resync", AccessTestApp.OperatorToken));
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string token)
    {
        using var response = await _http.SendAsync(AccessTestApp.Request(method, path, token));
        return response.StatusCode;
    }

    private async Task<string> RefusalAsync(string token)
    {
        using var response = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Get, "/api/v1/things", token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        return (await response.Content.ReadFromJsonAsync()).GetProperty("detail").GetString()!;
    }
}

using System.Net;

namespace Mla.Hosting.Tests.Access;

/// <summary>Hashed bearer tokens with roles: 401 without a valid credential, 403 with a role too low, the reason in the body.</summary>
public sealed class BearerTokenAccessTests : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync() => (_app, _http) = await AccessTestApp.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    public static TheoryData<string, string, string?, HttpStatusCode> Cases => new()
    {
        { "GET", "/api/v1/things", null, HttpStatusCode.Unauthorized },
        { "GET", "/api/v1/things", "not-a-known-token", HttpStatusCode.Unauthorized },
        { "GET", "/api/v1/things", AccessTestApp.ViewerToken, HttpStatusCode.OK },
        { "GET", "/api/v1/things", AccessTestApp.OperatorToken, HttpStatusCode.OK },
        { "GET", "/api/v1/things", AccessTestApp.InternalToken, HttpStatusCode.OK },
        { "POST", "/api/v1/things/resync", null, HttpStatusCode.Unauthorized },
        { "POST", "/api/v1/things/resync", AccessTestApp.ViewerToken, HttpStatusCode.Forbidden },
        { "POST", "/api/v1/things/resync", AccessTestApp.InternalToken, HttpStatusCode.Forbidden },
        { "POST", "/api/v1/things/resync", AccessTestApp.OperatorToken, HttpStatusCode.Accepted },
        { "GET", "/internal/v1/things/secret", null, HttpStatusCode.Unauthorized },
        { "GET", "/internal/v1/things/secret", AccessTestApp.ViewerToken, HttpStatusCode.Forbidden },
        { "GET", "/internal/v1/things/secret", AccessTestApp.OperatorToken, HttpStatusCode.Forbidden },
        { "GET", "/internal/v1/things/secret", AccessTestApp.InternalToken, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_route_answers_by_the_callers_role(string method, string path, string? bearer, HttpStatusCode expected)
    {
        using var response = await _http.SendAsync(AccessTestApp.Request(new HttpMethod(method), path, bearer));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_credential_the_answer_says_how_to_send_one()
    {
        using var response = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Get, "/api/v1/things", null));
        var body = await response.Content.ReadFromJsonAsync();
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_without_echoing_it()
    {
        using var response = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Get, "/api/v1/things", "secret-guess-42"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not known", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-guess-42", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_too_low_is_told_which_role_it_needs()
    {
        using var response = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Post, "/api/v1/things/resync", AccessTestApp.ViewerToken));
        var detail = (await response.Content.ReadFromJsonAsync()).GetProperty("detail").GetString();
        Assert.Equal("'alice' has role viewer; this needs role 'operator'", detail);
    }

    [Fact]
    public async Task The_handler_sees_the_caller_by_name()
    {
        using var response = await _http.SendAsync(AccessTestApp.Request(HttpMethod.Get, "/api/v1/things", AccessTestApp.OperatorToken));
        Assert.Equal("bob", (await response.Content.ReadFromJsonAsync()).GetProperty("caller").GetString());
    }

    [Fact]
    public async Task Health_and_readiness_need_no_credential()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }
}

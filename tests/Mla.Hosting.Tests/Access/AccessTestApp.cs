using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Mla.Hosting.Access;

namespace Mla.Hosting.Tests.Access;

/// <summary>A service with one route per role, built by the service defaults, on a free port.</summary>
internal static class AccessTestApp
{
    public const string ViewerToken = "viewer-token-0123456789abcdef0123";
    public const string OperatorToken = "operator-token-0123456789abcdef012";
    public const string InternalToken = "internal-token-0123456789abcdef012";

    public static async Task<(WebApplication App, HttpClient Http)> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var builder = MlaApplication.CreateBuilder("test", []);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Mla:Access:Tokens:alice:Sha256"] = HashedAccessTokens.Sha256Hex(ViewerToken),
            ["Mla:Access:Tokens:alice:Role"] = MlaRoles.Viewer,
            ["Mla:Access:Tokens:bob:Sha256"] = HashedAccessTokens.Sha256Hex(OperatorToken),
            ["Mla:Access:Tokens:bob:Role"] = MlaRoles.Operator,
            ["Mla:Access:Tokens:exporters:Sha256"] = HashedAccessTokens.Sha256Hex(InternalToken),
            ["Mla:Access:Tokens:exporters:Role"] = MlaRoles.Internal,
        });
        if (extra is not null)
        {
            builder.Configuration.AddInMemoryCollection(extra);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = MlaApplication.Build(builder, a =>
        {
            a.MapGet("/api/v1/things", (HttpContext context) => Results.Ok(new { caller = context.User.Identity!.Name })).RequireViewer();
            a.MapPost("/api/v1/things/resync", () => Results.Accepted()).RequireOperator();
            a.MapGet("/internal/v1/things/secret", () => Results.Ok()).RequireInternal();
        });
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearer)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mla.Hosting.Tests.Access;

/// <summary>
/// A minimal OpenID Connect issuer, as Dex publishes it: a discovery document and a JWKS with one RSA key, over
/// HTTP on a free port. It signs the test tokens; a second instance stands for a foreign issuer.
/// </summary>
internal sealed class TestOidcIssuer : IAsyncDisposable
{
    private static readonly string[] SigningAlgorithms = ["RS256"];
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId = "test-" + Guid.NewGuid().ToString("N")[..8];

    private TestOidcIssuer(WebApplication app) => _app = app;

    public string Issuer => _app.Urls.First();

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var issuer = new TestOidcIssuer(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Issuer,
            ["jwks_uri"] = issuer.Issuer + "/keys",
            ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
        }));
        app.MapGet("/keys", () =>
        {
            var parameters = issuer._key.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = issuer._keyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
        await app.StartAsync();
        return issuer;
    }

    /// <summary>A token as Dex issues it: <c>email</c>, <c>groups</c>, audience and expiry.</summary>
    public string Token(string audience, string email, string[] groups, TimeSpan? lifetime = null, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var claims = new Dictionary<string, object> { ["email"] = email, ["sub"] = "sub-" + email, ["groups"] = groups };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
            Subject = new ClaimsIdentity(),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

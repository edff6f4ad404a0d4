using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mla.Hosting.Access;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against <see cref="HashedAccessTokens"/>.</summary>
public sealed class HashedTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HashedAccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken.From(Request);
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Find(token) is not { } match)
        {
            return Task.FromResult(Fail("the bearer token is not known"));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, match.Caller), new("mla:credential", "token") };
        claims.AddRange(MlaRoles.Implied(match.Role).Select(role => new Claim(AccessSchemes.RoleClaimType, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, AccessSchemes.RoleClaimType));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[AccessSchemes.FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Mla.Hosting.Access;

/// <summary>JWT validation against the issuer's published keys, and the mapping of one claim's values to roles.</summary>
internal static class OidcJwt
{
    public static void Configure(JwtBearerOptions jwt, OidcAccessOptions oidc)
    {
        if (!oidc.Enabled)
        {
            return;
        }

        jwt.Authority = oidc.Issuer;
        jwt.Audience = oidc.Audience;
        jwt.MetadataAddress = string.IsNullOrWhiteSpace(oidc.MetadataAddress)
            ? oidc.Issuer!.TrimEnd('/') + "/.well-known/openid-configuration"
            : oidc.MetadataAddress;
        jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = oidc.Issuer,
            ValidAudience = oidc.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = oidc.ClockSkew,
            NameClaimType = oidc.NameClaim,
            RoleClaimType = AccessSchemes.RoleClaimType,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    AddRoles(identity, oidc);
                }

                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                context.HttpContext.Items[AccessSchemes.FailureItem] = Reason(context.Exception);
                return Task.CompletedTask;
            },
        };
    }

    private static void AddRoles(ClaimsIdentity identity, OidcAccessOptions oidc)
    {
        var roles = identity.FindAll(oidc.RoleClaim)
            .Select(claim => oidc.Roles.GetValueOrDefault(claim.Value))
            .OfType<string>()
            .SelectMany(MlaRoles.Implied)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(AccessSchemes.RoleClaimType, role));
        }

        if (identity.FindFirst(oidc.NameClaim) is null && identity.FindFirst("sub") is { } subject)
        {
            identity.AddClaim(new Claim(oidc.NameClaim, subject.Value));
        }

        identity.AddClaim(new Claim("mla:credential", "jwt"));
    }

    /// <summary>Why a JWT was refused, in words that name no part of the token.</summary>
    private static string Reason(Exception exception) => exception switch
    {
        SecurityTokenExpiredException expired => $"the JWT expired at {expired.Expires:O}",
        SecurityTokenNotYetValidException => "the JWT is not valid yet",
        SecurityTokenInvalidIssuerException => "the JWT's issuer is not the configured OIDC issuer",
        SecurityTokenInvalidAudienceException => "the JWT was issued for another audience",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the JWT's signature does not verify with the issuer's keys",
        SecurityTokenNoExpirationException => "the JWT has no expiry",
        InvalidOperationException => "the OIDC issuer's signing keys could not be read",
        _ => "the JWT is not valid",
    };
}

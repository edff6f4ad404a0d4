using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Options;

namespace Mla.Hosting.Access;

/// <summary>
/// Authentication and roles for every service's admin API (<c>/api/v1</c>, <c>/internal/v1</c>): hashed bearer
/// tokens and OIDC JWTs, one policy per role, and 401/403 answers that say why.
/// </summary>
public static class AccessSetup
{
    public static WebApplicationBuilder AddMlaAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AccessOptions>(AccessOptions.SectionName);
        services.AddSingleton<HashedAccessTokens>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessDeniedResultHandler>();

        var oidc = builder.Configuration.ReadSection<AccessOptions>(AccessOptions.SectionName).Oidc;
        var authentication = services.AddAuthentication(AccessSchemes.Bearer)
            .AddPolicyScheme(AccessSchemes.Bearer, "Bearer token or JWT", scheme => scheme.ForwardDefaultSelector = context =>
                oidc.Enabled && BearerToken.From(context.Request) is { } token && BearerToken.LooksLikeJwt(token)
                    ? AccessSchemes.Jwt
                    : AccessSchemes.Token)
            .AddScheme<AuthenticationSchemeOptions, HashedTokenAuthenticationHandler>(AccessSchemes.Token, _ => { });
        if (oidc.Enabled)
        {
            authentication.AddJwtBearer(AccessSchemes.Jwt, jwt => OidcJwt.Configure(jwt, oidc));
        }

        services.AddAuthorization(authorization =>
        {
            foreach (var role in MlaRoles.All)
            {
                authorization.AddPolicy(role, policy => policy
                    .AddAuthenticationSchemes(AccessSchemes.Bearer)
                    .RequireAuthenticatedUser()
                    .RequireClaim(AccessSchemes.RoleClaimType, role));
            }
        });
        return builder;
    }

    /// <summary>Only callers holding <paramref name="role"/> (or a role that implies it) reach the endpoint.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder =>
        MlaRoles.IsKnown(role)
            ? builder.RequireAuthorization(role)
            : throw new ArgumentOutOfRangeException(nameof(role), role, $"expected one of {string.Join(", ", MlaRoles.All)}");

    public static TBuilder RequireViewer<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRole(MlaRoles.Viewer);

    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRole(MlaRoles.Operator);

    public static TBuilder RequireInternal<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRole(MlaRoles.Internal);
}

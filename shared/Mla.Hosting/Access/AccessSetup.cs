using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

        // Options are read when the first request comes (configuration may still be added after this call).
        services.AddAuthentication(AccessSchemes.Bearer)
            .AddPolicyScheme(AccessSchemes.Bearer, "Bearer token or JWT", scheme => scheme.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.Oidc.Enabled
                && BearerToken.From(context.Request) is { } token && BearerToken.LooksLikeJwt(token)
                    ? AccessSchemes.Jwt
                    : AccessSchemes.Token)
            .AddScheme<AuthenticationSchemeOptions, HashedTokenAuthenticationHandler>(AccessSchemes.Token, _ => { })
            .AddJwtBearer(AccessSchemes.Jwt, _ => { });
        services.AddOptions<JwtBearerOptions>(AccessSchemes.Jwt)
            .Configure<IOptions<AccessOptions>>((jwt, access) => OidcJwt.Configure(jwt, access.Value.Oidc));

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

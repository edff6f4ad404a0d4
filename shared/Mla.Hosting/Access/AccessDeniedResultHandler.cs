using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mla.Hosting.Access;

/// <summary>
/// 401 without a valid credential, 403 with a role too low, each with the reason as problem details; the log names
/// the caller and the role it lacked, never the credential.
/// </summary>
internal sealed partial class AccessDeniedResultHandler(ILogger<AccessDeniedResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private const string MissingCredential = "a credential is required: Authorization: Bearer <token or OIDC JWT>";

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        var needed = policy.Requirements.OfType<ClaimsAuthorizationRequirement>()
            .SelectMany(r => r.AllowedValues ?? [])
            .FirstOrDefault() ?? "a role";
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var caller = context.User.Identity.Name ?? "unnamed caller";
            var held = context.User.FindAll(AccessSchemes.RoleClaimType).Select(c => c.Value).ToList();
            var holds = held.Count == 0 ? "no role" : $"role {string.Join(", ", held)}";
            LogForbidden(logger, context.Request.Method, context.Request.Path, caller, holds, needed);
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"'{caller}' has {holds}; this needs role '{needed}'");
            return;
        }

        var reason = context.Items[AccessSchemes.FailureItem] as string ?? MissingCredential;
        LogUnauthenticated(logger, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", reason);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", reason);
    }

    private static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: caller {Caller} has {Holds}, needs role {Needed}")]
    private static partial void LogForbidden(ILogger logger, string method, string path, string caller, string holds, string needed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} from {RemoteAddress}: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string method, string path, string remoteAddress, string reason);
}

using System.Net.Mail;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>
/// Requests through the auth proxy (CONTRACTS.md §0, §1.3, §1.7): the header names the user (<c>header_property =
/// username</c>: the login is the header value, the email only when the value parses as one); an unknown user is
/// signed up (auto-assigned to org 1 as Viewer, <c>isExternal</c>). Such a user is no server admin: only
/// <c>GET /api/user</c> answers, the admin API 403.
/// </summary>
internal static class AuthProxyRoutes
{
    public static async Task AnswerAsync(HttpContext context, FakeGrafanaState s, GrafanaTestServerOptions options, string headerValue)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != "/api/user")
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new { message = "Permission denied" });
            return;
        }

        FakeUser user;
        lock (s.Gate)
        {
            user = s.FindByLoginOrEmail(headerValue) ?? SignUp(s, options, headerValue);
        }

        var json = GrafanaRoutes.UserJson(user);
        json["isExternal"] = user.IsExternal;
        await context.Response.WriteAsJsonAsync(json);
    }

    private static FakeUser SignUp(FakeGrafanaState s, GrafanaTestServerOptions options, string headerValue)
    {
        var email = MailAddress.TryCreate(headerValue, out var parsed) && parsed.Address == headerValue ? headerValue : "";
        var user = new FakeUser(s.NextUserId++, "u" + Guid.NewGuid().ToString("N")[..12], headerValue, email, headerValue) { IsExternal = true };
        s.Users[user.Id] = user;
        if (options.AutoAssignOrg && s.Orgs.TryGetValue(1, out var main))
        {
            s.AddMember(main, user, "Viewer");
        }

        return user;
    }
}

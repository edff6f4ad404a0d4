using static Mla.Grafana.TestServer.Routes.GrafanaRoutes;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>The fake's routes for the users (/api/admin/users, /api/users): create, look up, server-admin flag, delete (https://grafana.com/docs/grafana/latest/developers/http_api/user/, as Grafana 13 behaves).</summary>
internal static class UserRoutes
{
    public static void Map(IEndpointRouteBuilder app, FakeGrafanaState s, GrafanaTestServerOptions options)
    {
    app.MapPost("/api/admin/users", async (HttpRequest r) =>
    {
        var body = await BodyAsync(r);
        var login = body?["login"]?.GetValue<string>() ?? "";
        var email = body?["email"]?.GetValue<string>() ?? "";
        var password = body?["password"]?.GetValue<string>() ?? "";
        if (login.Length == 0 && email.Length == 0)
        {
            return Message(400, "Validation error, need specify either username or email");
        }

        if (password.Length < 4)
        {
            return Message(400, "Password is missing or too short");
        }

        login = login.Length == 0 ? email : login;
        lock (s.Gate)
        {
            if (s.FindByLoginOrEmail(login) is not null || (email.Length > 0 && s.FindByLoginOrEmail(email) is not null))
            {
                return Message(412, $"User with email '{email}' or username '{login}' already exists");
            }

            var user = new FakeUser(s.NextUserId++, "u" + Guid.NewGuid().ToString("N")[..12], login, email, body?["name"]?.GetValue<string>() ?? login);
            s.Users[user.Id] = user;
            if (options.AutoAssignOrg && s.Orgs.TryGetValue(1, out var main))
            {
                s.AddMember(main, user, "Viewer");
            }

            return Results.Json(new { id = user.Id, uid = user.Uid, message = "User created" });
        }
    });
    app.MapGet("/api/users/lookup", (HttpRequest r) =>
    {
        lock (s.Gate)
        {
            var user = s.FindByLoginOrEmail(r.Query["loginOrEmail"].ToString());
            return user is null ? Message(404, "user not found") : Results.Json(UserJson(user));
        }
    });
    app.MapDelete("/api/admin/users/{id}", (string id) =>
    {
        lock (s.Gate)
        {
            if (s.FindUser(id) is not { } user)
            {
                return Message(404, "user not found");
            }

            s.Users.Remove(user.Id);
            foreach (var org in s.Orgs.Values)
            {
                org.Members.Remove(user.Id);
            }

            return Message(200, "User deleted");
        }
    });
    app.MapPut("/api/admin/users/{id}/permissions", async (string id, HttpRequest r) =>
    {
        var admin = (await BodyAsync(r))?["isGrafanaAdmin"]?.GetValue<bool>() ?? false;
        lock (s.Gate)
        {
            if (s.FindUser(id) is not { } user)
            {
                return Message(404, "User not found");
            }

            if (!admin && user.IsGrafanaAdmin && s.Users.Values.Count(u => u.IsGrafanaAdmin) == 1)
            {
                return Message(400, "cannot remove last grafana admin");
            }

            user.IsGrafanaAdmin = admin;
            return Message(200, "User permissions updated");
        }
    });
    }
}

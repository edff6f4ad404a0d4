using static Mla.Grafana.TestServer.Routes.GrafanaRoutes;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>The fake's routes for the users (/api/admin/users, /api/users): create, look up, search with paging (pages from 1), server-admin flag, delete (https://grafana.com/docs/grafana/latest/developers/http_api/user/, as Grafana 13 behaves).</summary>
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
    app.MapGet("/api/users/search", (HttpRequest r) =>
    {
        // Grafana: perpage <= 0 -> 1000 (no upper clamp), page < 1 -> 1 (pages count from 1 here, unlike /api/orgs);
        // query matches login, email or name anywhere (LIKE %q%); sorted by login, then email; totalCount counts
        // every match, not only the page.
        var perPage = int.TryParse(r.Query["perpage"], out var pp) && pp > 0 ? pp : 1000;
        var page = int.TryParse(r.Query["page"], out var p) && p >= 1 ? p : 1;
        var query = r.Query["query"].ToString();
        lock (s.Gate)
        {
            var matches = s.Users.Values
                .Where(u => query.Length == 0
                    || u.Login.Contains(query, StringComparison.OrdinalIgnoreCase)
                    || u.Email.Contains(query, StringComparison.OrdinalIgnoreCase)
                    || u.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
                .OrderBy(u => u.Login, StringComparer.OrdinalIgnoreCase)
                .ThenBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
                .ToList();
            var users = matches.Skip(perPage * (page - 1)).Take(perPage).Select(SearchHitJson).ToList();
            return Results.Json(new { totalCount = matches.Count, users, page, perPage });
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

    /// <summary>A user as <c>/api/users/search</c> lists it (Grafana's UserSearchHitDTO).</summary>
    private static object SearchHitJson(FakeUser user) => new
    {
        id = user.Id,
        uid = user.Uid,
        name = user.Name,
        login = user.Login,
        email = user.Email,
        avatarUrl = "/avatar/" + user.Uid,
        isAdmin = user.IsGrafanaAdmin,
        isDisabled = false,
        // Grafana's "never seen": ten years back.
        lastSeenAt = DateTimeOffset.UtcNow.AddYears(-10).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        lastSeenAtAge = "10 years",
        authLabels = user.IsExternal ? new[] { "Auth Proxy" } : [],
    };
}

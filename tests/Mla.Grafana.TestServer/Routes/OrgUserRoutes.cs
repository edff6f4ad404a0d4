using static Mla.Grafana.TestServer.Routes.GrafanaRoutes;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>The fake's routes for an organization's members (/api/orgs/{id}/users, /api/org/users) and their roles (https://grafana.com/docs/grafana/latest/developers/http_api/org/, as Grafana 13 behaves).</summary>
internal static class OrgUserRoutes
{
    public static void Map(IEndpointRouteBuilder app, FakeGrafanaState s)
    {
    app.MapGet("/api/orgs/{orgId:long}/users", (long orgId) =>
    {
        lock (s.Gate)
        {
            if (!s.Orgs.TryGetValue(orgId, out var org))
            {
                return Results.Json(Array.Empty<object>());
            }

            return Results.Json(org.Members.OrderBy(m => m.Key).Select(m => new
            {
                orgId,
                userId = m.Key,
                uid = s.Users[m.Key].Uid,
                login = s.Users[m.Key].Login,
                email = s.Users[m.Key].Email,
                name = s.Users[m.Key].Name,
                role = m.Value,
            }).ToList());
        }
    });
    app.MapPost("/api/orgs/{orgId:long}/users", async (long orgId, HttpRequest r) =>
    {
        var body = await BodyAsync(r);
        var role = body?["role"]?.GetValue<string>() ?? "";
        if (!Roles.Contains(role))
        {
            return Message(400, "Invalid role specified");
        }

        lock (s.Gate)
        {
            if (s.FindByLoginOrEmail(body?["loginOrEmail"]?.GetValue<string>() ?? "") is not { } user)
            {
                return Message(404, "User not found");
            }

            if (s.Orgs.TryGetValue(orgId, out var org) && org.Members.ContainsKey(user.Id))
            {
                return Results.Json(new { message = "User is already member of this organization", userId = user.Id }, statusCode: 409);
            }

            if (org is null)
            {
                return Message(500, "Could not add user to organization");
            }

            s.AddMember(org, user, role);
            return Results.Json(new { message = "User added to organization", userId = user.Id });
        }
    });
    app.MapMethods("/api/orgs/{orgId:long}/users/{userId}", ["PATCH"], async (long orgId, string userId, HttpRequest r) =>
    {
        var role = (await BodyAsync(r))?["role"]?.GetValue<string>() ?? "";
        if (!Roles.Contains(role))
        {
            return Message(400, "Invalid role specified");
        }

        lock (s.Gate)
        {
            if (s.FindUser(userId) is not { } user)
            {
                return Message(404, "User not found");
            }

            if (!s.Orgs.TryGetValue(orgId, out var org) || !org.Members.ContainsKey(user.Id))
            {
                return Message(500, "Failed update org user");
            }

            org.Members[user.Id] = role;
            return Message(200, "Organization user updated");
        }
    });
    app.MapDelete("/api/orgs/{orgId:long}/users/{userId}", (long orgId, string userId) =>
    {
        lock (s.Gate)
        {
            if (s.FindUser(userId) is not { } user)
            {
                return long.TryParse(userId, out _) ? Message(500, "Failed to remove user from organization") : Message(404, "User not found");
            }

            if (s.Orgs.TryGetValue(orgId, out var org))
            {
                s.RemoveMember(org, user);
            }

            return Message(200, "User removed from organization");
        }
    });
    }
}

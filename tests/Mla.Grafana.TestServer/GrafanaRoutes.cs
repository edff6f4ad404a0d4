using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mla.Grafana.TestServer;

/// <summary>The Grafana HTTP API routes of the fake, with the answers CONTRACTS.md §1 (§1.7 first) records.</summary>
internal static partial class GrafanaRoutes
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "Viewer", "Editor", "Admin", "None" };

    public static void Map(IEndpointRouteBuilder app, FakeGrafanaState s, GrafanaTestServerOptions options)
    {
        app.MapMethods("/api/health", ["GET", "HEAD"], () => Results.Json(new { commit = "fake", database = "ok", version = options.Version }));

        // Organizations.
        app.MapPost("/api/orgs", async (HttpRequest r) =>
        {
            var body = await BodyAsync(r);
            var name = body?["name"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(name))
            {
                return Message(400, "bad request data");
            }

            lock (s.Gate)
            {
                if (s.Orgs.Values.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    return Message(409, "Organization name taken");
                }

                var org = new FakeOrg(s.NextOrgId++, name);
                org.Members[1] = "Admin";
                s.Orgs[org.Id] = org;
                return Results.Json(new { orgId = org.Id, message = "Organization created" });
            }
        });
        app.MapGet("/api/orgs", (HttpRequest r) =>
        {
            var perPage = int.TryParse(r.Query["perpage"], out var pp) && pp > 0 ? pp : 1000;
            var page = int.TryParse(r.Query["page"], out var p) && p > 0 ? p : 0;
            string? exact = r.Query["name"];
            string? prefix = r.Query["query"];
            lock (s.Gate)
            {
                var orgs = s.Orgs.Values
                    .Where(o => string.IsNullOrEmpty(exact) || o.Name == exact)
                    .Where(o => string.IsNullOrEmpty(prefix) || o.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(o => o.Name, StringComparer.Ordinal)
                    .Skip(perPage * page).Take(perPage)
                    .Select(o => new { id = o.Id, name = o.Name })
                    .ToList();
                return Results.Json(orgs);
            }
        });
        app.MapGet("/api/orgs/{id:long}", (long id) => Org(s, o => o.Id == id));
        app.MapGet("/api/orgs/name/{name}", (string name) => Org(s, o => o.Name == name));
        app.MapPut("/api/orgs/{id:long}", async (long id, HttpRequest r) =>
        {
            var name = (await BodyAsync(r))?["name"]?.GetValue<string>();
            lock (s.Gate)
            {
                if (!s.Orgs.TryGetValue(id, out var org))
                {
                    return Message(500, "Failed to update organization");
                }

                if (s.Orgs.Values.Any(o => o.Id != id && string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    return Message(400, "Organization name taken");
                }

                org.Name = name ?? org.Name;
                return Message(200, "Organization updated");
            }
        });
        app.MapDelete("/api/orgs/{id:long}", (long id, HttpRequest r) =>
        {
            lock (s.Gate)
            {
                if (!s.Orgs.TryGetValue(id, out var org))
                {
                    return Message(404, "Failed to delete organization. ID not found");
                }

                if (id == CurrentOrg(s, r))
                {
                    return Message(400, "Cannot delete your active organization");
                }

                s.Orgs.Remove(id);
                s.DatasourcesByOrg.Remove(id);
                s.DashboardsByOrg.Remove(id);
                _ = org;
                return Message(200, "Organization deleted");
            }
        });

        // Users.
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

        // Org users.
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

        // Datasources (in the org of X-Grafana-Org-Id or targetOrgId).
        app.MapGet("/api/datasources", (HttpRequest r) =>
        {
            lock (s.Gate)
            {
                var org = CurrentOrg(s, r);
                return Results.Json(s.DatasourcesOf(org).OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => d.ToJson()).ToList());
            }
        });
        app.MapGet("/api/datasources/uid/{uid}", (string uid, HttpRequest r) =>
        {
            lock (s.Gate)
            {
                return Datasource(s, r, uid) is { } d ? Results.Json(d.ToJson()) : Message(404, "Data source not found");
            }
        });
        app.MapGet("/api/datasources/name/{name}", (string name, HttpRequest r) =>
        {
            lock (s.Gate)
            {
                var org = CurrentOrg(s, r);
                return s.DatasourcesOf(org).FirstOrDefault(d => d.Name == name) is { } d ? Results.Json(d.ToJson()) : Message(404, "Data source not found");
            }
        });
        app.MapPost("/api/datasources", async (HttpRequest r) =>
        {
            var body = await BodyAsync(r) ?? [];
            lock (s.Gate)
            {
                var org = CurrentOrg(s, r);
                var uid = body["uid"]?.GetValue<string>();
                if (uid is { Length: > 0 } && !ValidUid().IsMatch(uid))
                {
                    return Message(400, "Failed to add datasource: invalid uid");
                }

                var type = body["type"]?.GetValue<string>() ?? "";
                var name = body["name"]?.GetValue<string>() is { Length: > 0 } n ? n : type;
                if (s.DatasourcesOf(org).Any(d => d.Name == name))
                {
                    return Message(409, "data source with the same name already exists");
                }

                if (uid is { Length: > 0 } && s.DatasourcesOf(org).Any(d => d.Uid == uid))
                {
                    return Message(409, "data source with the same uid already exists");
                }

                var datasource = new FakeDatasource
                {
                    Id = s.NextDatasourceId++,
                    Uid = uid is { Length: > 0 } ? uid : Guid.NewGuid().ToString("N")[..14],
                    OrgId = org,
                    Name = name,
                    Type = type,
                };
                Apply(datasource, body);
                datasource.IsDefault |= s.DatasourcesOf(org).Count == 0;
                s.DatasourcesOf(org).Add(datasource);
                return Results.Json(new { message = "Datasource added", id = datasource.Id, name = datasource.Name, datasource = datasource.ToJson() });
            }
        });
        app.MapPut("/api/datasources/uid/{uid}", async (string uid, HttpRequest r) =>
        {
            var body = await BodyAsync(r) ?? [];
            lock (s.Gate)
            {
                if (Datasource(s, r, uid) is not { } datasource)
                {
                    return Message(404, "Data source not found");
                }

                var name = body["name"]?.GetValue<string>() ?? datasource.Name;
                if (s.DatasourcesOf(datasource.OrgId).Any(d => d.Uid != uid && d.Name == name))
                {
                    return Message(409, "Failed to update datasource: data source with the same name already exists");
                }

                var version = body["version"]?.GetValue<int>() ?? 0;
                if (version != 0 && version < datasource.Version)
                {
                    return Message(409, "Datasource has already been updated by someone else. Please reload and try again");
                }

                datasource.Name = name;
                datasource.Type = body["type"]?.GetValue<string>() ?? datasource.Type;
                Apply(datasource, body);
                datasource.Version = version == 0 ? datasource.Version + 1 : version + 1;
                return Results.Json(new { message = "Datasource updated", id = datasource.Id, name = datasource.Name, datasource = datasource.ToJson() });
            }
        });
        app.MapDelete("/api/datasources/uid/{uid}", (string uid, HttpRequest r) =>
        {
            lock (s.Gate)
            {
                if (Datasource(s, r, uid) is not { } datasource)
                {
                    return Message(404, "Data source not found");
                }

                s.DatasourcesOf(datasource.OrgId).Remove(datasource);
                return Results.Json(new { message = "Data source deleted", id = datasource.Id });
            }
        });
        // Grafana 13: the numeric-id routes are off.
        app.MapMethods("/api/datasources/{id:long}", ["GET", "PUT", "DELETE"], () => Message(404, "Not found"));

        // Dashboards.
        app.MapPost("/api/dashboards/db", async (HttpRequest r) =>
        {
            var body = await BodyAsync(r) ?? [];
            if (body["dashboard"] is not JsonObject model || model["uid"]?.GetValue<string>() is not { Length: > 0 and <= 40 } uid)
            {
                return Message(400, "bad request data");
            }

            var overwrite = body["overwrite"]?.GetValue<bool>() ?? false;
            lock (s.Gate)
            {
                var org = CurrentOrg(s, r);
                var existing = s.DashboardsOf(org).FirstOrDefault(d => d.Uid == uid);
                if (existing is not null && !overwrite && (model["version"]?.GetValue<int>() ?? 0) != existing.Version)
                {
                    return Results.Json(new { status = "version-mismatch", message = "The dashboard has been changed by someone else" }, statusCode: 412);
                }

                var dashboard = existing ?? new FakeDashboard { Id = s.NextDashboardId++, Uid = uid, OrgId = org, Model = model, Version = 0 };
                dashboard.Version++;
                var stored = (JsonObject)model.DeepClone();
                stored["id"] = dashboard.Id;
                stored["version"] = dashboard.Version;
                dashboard.Model = stored;
                dashboard.FolderUid = body["folderUid"]?.GetValue<string>();
                if (existing is null)
                {
                    s.DashboardsOf(org).Add(dashboard);
                }

                return Results.Json(new { id = dashboard.Id, uid, url = $"/d/{uid}/x", status = "success", version = dashboard.Version, slug = "x", folderUid = dashboard.FolderUid ?? "" });
            }
        });
        app.MapGet("/api/dashboards/uid/{uid}", (string uid, HttpRequest r) =>
        {
            lock (s.Gate)
            {
                var org = CurrentOrg(s, r);
                return s.DashboardsOf(org).FirstOrDefault(d => d.Uid == uid) is { } d
                    ? Results.Json(new { dashboard = d.Model.DeepClone(), meta = new { url = $"/d/{uid}/x", folderUid = d.FolderUid ?? "", version = d.Version } })
                    : Message(404, "Dashboard not found");
            }
        });
        app.MapDelete("/api/dashboards/uid/{uid}", (string uid, HttpRequest r) =>
        {
            lock (s.Gate)
            {
                var org = CurrentOrg(s, r);
                if (s.DashboardsOf(org).FirstOrDefault(d => d.Uid == uid) is not { } d)
                {
                    return Message(404, "Dashboard not found");
                }

                s.DashboardsOf(org).Remove(d);
                return Results.Json(new { title = d.Model["title"]?.GetValue<string>() ?? "", message = "Dashboard deleted", uid });
            }
        });
    }

    /// <summary>The org a request acts in: <c>targetOrgId</c>, else <c>X-Grafana-Org-Id</c>, else the caller's current org; -1 when the caller is not a member.</summary>
    public static long CurrentOrg(FakeGrafanaState s, HttpRequest r)
    {
        var text = r.Query["targetOrgId"].ToString() is { Length: > 0 } q ? q : r.Headers["X-Grafana-Org-Id"].ToString();
        var org = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : s.Users[1].OrgId;
        return s.Orgs.TryGetValue(org, out var found) && found.Members.ContainsKey(1) ? org : -1;
    }

    private static FakeDatasource? Datasource(FakeGrafanaState s, HttpRequest r, string uid)
    {
        var org = CurrentOrg(s, r);
        return s.DatasourcesOf(org).FirstOrDefault(d => d.Uid == uid);
    }

    private static void Apply(FakeDatasource datasource, JsonObject body)
    {
        datasource.Url = body["url"]?.GetValue<string>() ?? datasource.Url;
        datasource.Access = body["access"]?.GetValue<string>() ?? datasource.Access;
        datasource.IsDefault = body["isDefault"]?.GetValue<bool>() ?? datasource.IsDefault;
        if (body["jsonData"] is JsonObject json)
        {
            datasource.JsonData = (JsonObject)json.DeepClone();
        }

        if (body["secureJsonData"] is JsonObject secure)
        {
            foreach (var (key, value) in secure)
            {
                datasource.SecureJsonData[key] = value?.GetValue<string>() ?? "";
            }
        }
    }

    private static IResult Org(FakeGrafanaState s, Func<FakeOrg, bool> match)
    {
        lock (s.Gate)
        {
            return s.Orgs.Values.FirstOrDefault(match) is { } org
                ? Results.Json(new { id = org.Id, name = org.Name, address = new { address1 = "", address2 = "", city = "", zipCode = "", state = "", country = "" } })
                : Message(404, "Organization not found");
        }
    }

    private static JsonObject UserJson(FakeUser user)
    {
        var json = new JsonObject
        {
            ["id"] = user.Id,
            ["uid"] = user.Uid,
            ["email"] = user.Email,
            ["name"] = user.Name,
            ["login"] = user.Login,
            ["isGrafanaAdmin"] = user.IsGrafanaAdmin,
        };
        if (user.OrgId != 0)
        {
            json["orgId"] = user.OrgId;
        }

        return json;
    }

    public static IResult Message(int status, string message) => Results.Json(new { message }, statusCode: status);

    private static async Task<JsonObject?> BodyAsync(HttpRequest r)
    {
        try
        {
            return await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(r.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,40}$")]
    private static partial Regex ValidUid();
}

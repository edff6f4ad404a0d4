using static Mla.Grafana.TestServer.Routes.GrafanaRoutes;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>The fake's routes for the organizations (/api/orgs): create, look up by id and name, paged list from page 0, rename, delete (https://grafana.com/docs/grafana/latest/developers/http_api/org/, as Grafana 13 behaves).</summary>
internal static class OrgRoutes
{
    public static void Map(IEndpointRouteBuilder app, FakeGrafanaState s)
    {
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
    }
}

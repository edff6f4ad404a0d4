using System.Text.Json.Nodes;
using static Mla.Grafana.TestServer.Routes.GrafanaRoutes;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>The fake's routes for dashboards by uid with their versions (https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/, as Grafana 13 behaves).</summary>
internal static class DashboardRoutes
{
    public static void Map(IEndpointRouteBuilder app, FakeGrafanaState s)
    {
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
}

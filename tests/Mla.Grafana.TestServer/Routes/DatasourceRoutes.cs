using static Mla.Grafana.TestServer.Routes.GrafanaRoutes;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>The fake's routes for datasources by uid in the org of X-Grafana-Org-Id or targetOrgId (the numeric-id routes are off, as in Grafana 13) (https://grafana.com/docs/grafana/latest/developers/http_api/data_source/).</summary>
internal static class DatasourceRoutes
{
    public static void Map(IEndpointRouteBuilder app, FakeGrafanaState s, GrafanaTestServerOptions options)
    {
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

            if (ProxyHeaderAsCustomHeader(options, body))
            {
                return Message(400, "Failed to add datasource");
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

            if (ProxyHeaderAsCustomHeader(options, body))
            {
                return Message(400, "Failed to update datasource");
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
    }

    /// <summary>With the auth proxy on, a custom header named as the proxy header is refused (CVE-2022-35957 guard).</summary>
    private static bool ProxyHeaderAsCustomHeader(GrafanaTestServerOptions options, System.Text.Json.Nodes.JsonObject body) =>
        options.AuthProxyHeaderName is { } header && body["jsonData"] is System.Text.Json.Nodes.JsonObject json
        && json.Any(p => p.Key.StartsWith("httpHeaderName", StringComparison.Ordinal) && string.Equals(p.Value?.GetValue<string>(), header, StringComparison.OrdinalIgnoreCase));
}

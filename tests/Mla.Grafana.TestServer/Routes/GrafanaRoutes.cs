using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mla.Grafana.TestServer.Routes;

/// <summary>
/// The Grafana HTTP API routes of the fake, with the answers Grafana 13 gives (https://grafana.com/docs/grafana/latest/developers/http_api/): one class per
/// resource, and the helpers they share (the current org, bodies, Grafana's message answers).
/// </summary>
internal static partial class GrafanaRoutes
{
    internal static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "Viewer", "Editor", "Admin", "None" };

    public static void Map(IEndpointRouteBuilder app, FakeGrafanaState s, GrafanaTestServerOptions options)
    {
        app.MapMethods("/api/health", ["GET", "HEAD"], () => Results.Json(new { commit = "fake", database = "ok", version = options.Version }));

        OrgRoutes.Map(app, s);
        UserRoutes.Map(app, s, options);
        OrgUserRoutes.Map(app, s);
        DatasourceRoutes.Map(app, s, options);
        DashboardRoutes.Map(app, s);
    }

    /// <summary>The org a request acts in: <c>targetOrgId</c>, else <c>X-Grafana-Org-Id</c>, else the caller's current org; -1 when the caller is not a member.</summary>
    public static long CurrentOrg(FakeGrafanaState s, HttpRequest r)
    {
        var text = r.Query["targetOrgId"].ToString() is { Length: > 0 } q ? q : r.Headers["X-Grafana-Org-Id"].ToString();
        var org = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : s.Users[1].OrgId;
        return s.Orgs.TryGetValue(org, out var found) && found.Members.ContainsKey(1) ? org : -1;
    }

    internal static FakeDatasource? Datasource(FakeGrafanaState s, HttpRequest r, string uid)
    {
        var org = CurrentOrg(s, r);
        return s.DatasourcesOf(org).FirstOrDefault(d => d.Uid == uid);
    }

    internal static void Apply(FakeDatasource datasource, JsonObject body)
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

    internal static IResult Org(FakeGrafanaState s, Func<FakeOrg, bool> match)
    {
        lock (s.Gate)
        {
            return s.Orgs.Values.FirstOrDefault(match) is { } org
                ? Results.Json(new { id = org.Id, name = org.Name, address = new { address1 = "", address2 = "", city = "", zipCode = "", state = "", country = "" } })
                : Message(404, "Organization not found");
        }
    }

    internal static JsonObject UserJson(FakeUser user)
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

    internal static async Task<JsonObject?> BodyAsync(HttpRequest r)
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
    internal static partial Regex ValidUid();
}

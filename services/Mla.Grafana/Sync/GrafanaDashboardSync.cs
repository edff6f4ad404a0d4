using System.Net;
using System.Text.Json.Nodes;
using Mla.Grafana.Api;

namespace Mla.Grafana.Sync;

/// <summary>The shipped dashboards in an org: saved only where the held one differs (id and version aside).</summary>
internal sealed class GrafanaDashboardSync(GrafanaApi api, IReadOnlyList<DashboardFile> dashboards)
{
    public async Task SyncDashboardsAsync(long orgId, CancellationToken cancellationToken)
    {
        foreach (var dashboard in dashboards)
        {
            var (status, body) = await api.GetAsync($"api/dashboards/uid/{GrafanaApi.Escape(dashboard.Uid)}", orgId, cancellationToken);
            if (status == HttpStatusCode.OK && body?["dashboard"] is JsonObject held && SameDashboard(held, dashboard.Model))
            {
                continue;
            }

            var model = (JsonObject)dashboard.Model.DeepClone();
            model["id"] = null;
            model.Remove("version");
            var (saved, answer) = await api.WriteAsync(HttpMethod.Post, "api/dashboards/db", orgId, new JsonObject { ["dashboard"] = model, ["overwrite"] = true }, cancellationToken);
            GrafanaAnswer.Expect(saved, answer, $"save dashboard {dashboard.Uid} in org {orgId}");
        }
    }

    private static bool SameDashboard(JsonObject held, JsonObject wanted)
    {
        var a = (JsonObject)held.DeepClone();
        var b = (JsonObject)wanted.DeepClone();
        foreach (var key in new[] { "id", "version" })
        {
            a.Remove(key);
            b.Remove(key);
        }

        return JsonNode.DeepEquals(a, b);
    }
}

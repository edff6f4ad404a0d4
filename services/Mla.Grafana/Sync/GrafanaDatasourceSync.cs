using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mla.Grafana.Api;
using Mla.Grafana.Desired;

namespace Mla.Grafana.Sync;

/// <summary>
/// Datasources by uid: a project org's (<c>prometheus-</c>, <c>loki-</c>, <c>alertmanager-&lt;cluster&gt;</c> at its
/// own seed's read endpoint with the tenant's read token) and the admin org's (one set per seed with the seed's admin
/// read token); created, updated only on a difference, and MLA's stale ones deleted.
/// </summary>
internal sealed class GrafanaDatasourceSync(GrafanaApi api, GrafanaOptions options, ITenantReadTokens tokens)
{
    private static readonly string[] Kinds = ["prometheus", "loki", "alertmanager"];

    public async Task<int> SyncClusterDatasourcesAsync(long orgId, IReadOnlyList<DesiredCluster> clusters, CancellationToken cancellationToken)
    {
        var wanted = new List<JsonObject>();
        var duplicateNames = clusters.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            if (!options.SeedReadUrls.TryGetValue(cluster.Seed, out var seedUrl) || await tokens.GetTenantTokenAsync(cluster.Id, cancellationToken) is not { } token)
            {
                continue;
            }

            var name = duplicateNames.Contains(cluster.Name) ? $"{cluster.Name} ({cluster.Id})" : cluster.Name;
            wanted.AddRange(Kinds.Select(kind => Datasource(kind, $"{kind}-{cluster.Id}", $"{kind}-{name}", seedUrl, cluster.Id, token)));
        }

        return await SyncDatasourcesAsync(orgId, wanted, cancellationToken);
    }

    /// <summary>The admin org's datasources: a metrics, logs and alerts datasource per seed, with the seed's admin read token.</summary>
    public async Task<List<JsonObject>> AdminOrgDatasourcesAsync(IReadOnlyList<string> seeds, CancellationToken cancellationToken)
    {
        var wanted = new List<JsonObject>();
        foreach (var seed in seeds)
        {
            if (options.SeedReadUrls.TryGetValue(seed, out var url) && await tokens.GetSeedAdminTokenAsync(seed, cancellationToken) is { } token)
            {
                wanted.AddRange(Kinds.Select(kind => Datasource(kind, $"{kind}-seed-{seed}", $"{kind}-{seed}", url, "seed:" + seed, token)));
            }
        }

        return wanted;
    }

    private static JsonObject Datasource(string kind, string uid, string name, string seedUrl, string scope, string token)
    {
        var jsonData = new JsonObject
        {
            ["httpHeaderName1"] = "Authorization",
            ["mlaScope"] = scope,
            // A short hash of the token: a rotated token changes it, so the datasource is rewritten (secureJsonData is never read back).
            ["mlaTokenHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16],
        };
        if (kind == "alertmanager")
        {
            jsonData["implementation"] = "prometheus";
            jsonData["handleGrafanaManagedAlerts"] = false;
        }

        return new JsonObject
        {
            ["uid"] = uid,
            ["name"] = name,
            ["type"] = kind,
            ["access"] = "proxy",
            ["url"] = new Uri(new Uri(seedUrl.EndsWith('/') ? seedUrl : seedUrl + "/"), kind).ToString(),
            ["jsonData"] = jsonData,
            ["secureJsonData"] = new JsonObject { ["httpHeaderValue1"] = "Bearer " + token },
        };
    }

    /// <summary>GET the org's datasources once, then create, update (only a difference) and delete MLA's (uid prefixes) by uid.</summary>
    public async Task<int> SyncDatasourcesAsync(long orgId, List<JsonObject> wanted, CancellationToken cancellationToken)
    {
        var (status, body) = await api.GetAsync("api/datasources", orgId, cancellationToken);
        var current = (GrafanaAnswer.Expect(status, body, $"list datasources of org {orgId}") as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(d => d["uid"]!.GetValue<string>(), StringComparer.Ordinal);
        foreach (var datasource in wanted)
        {
            var uid = datasource["uid"]!.GetValue<string>();
            if (!current.TryGetValue(uid, out var held))
            {
                var (created, answer) = await api.WriteAsync(HttpMethod.Post, "api/datasources", orgId, datasource, cancellationToken);
                GrafanaAnswer.Expect(created, answer, $"create datasource {uid} in org {orgId}");
            }
            else if (!Same(held, datasource))
            {
                var (updated, answer) = await api.WriteAsync(HttpMethod.Put, $"api/datasources/uid/{GrafanaApi.Escape(uid)}", orgId, datasource, cancellationToken);
                GrafanaAnswer.Expect(updated, answer, $"update datasource {uid} in org {orgId}");
            }
        }

        var keep = wanted.Select(d => d["uid"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var uid in current.Keys.Where(u => Kinds.Any(k => u.StartsWith(k + "-", StringComparison.Ordinal)) && !keep.Contains(u)))
        {
            var (deleted, answer) = await api.WriteAsync(HttpMethod.Delete, $"api/datasources/uid/{GrafanaApi.Escape(uid)}", orgId, null, cancellationToken);
            if (deleted != HttpStatusCode.NotFound)
            {
                GrafanaAnswer.Expect(deleted, answer, $"delete datasource {uid} in org {orgId}");
            }
        }

        return wanted.Count;
    }

    private static bool Same(JsonObject held, JsonObject wanted) =>
        held["name"]?.GetValue<string>() == wanted["name"]!.GetValue<string>()
        && held["type"]?.GetValue<string>() == wanted["type"]!.GetValue<string>()
        && held["url"]?.GetValue<string>() == wanted["url"]!.GetValue<string>()
        && JsonNode.DeepEquals(held["jsonData"], wanted["jsonData"])
        && held["secureJsonFields"]?["httpHeaderValue1"]?.GetValue<bool>() == true;
}

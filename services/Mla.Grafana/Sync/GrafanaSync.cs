using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mla.Contracts.Projects;
using Mla.Grafana.Api;
using Mla.Grafana.Desired;

namespace Mla.Grafana.Sync;

/// <summary>
/// Brings Grafana to the desired state, level-triggered: every step reads what is there, compares and writes only a
/// difference (an idle resync makes no write), and ensures what it needs itself (an org before its datasources), so
/// the order events came in does not matter. Grafana unavailable: <see cref="GrafanaUnavailableException"/> leaves
/// the sync; the next run starts again from the desired state (nothing is lost).
/// </summary>
public sealed class GrafanaSync(GrafanaApi api, GrafanaOptions options, ITenantReadTokens tokens, IReadOnlyList<DashboardFile> dashboards, TimeProvider time)
{
    private static readonly string[] Kinds = ["prometheus", "loki", "alertmanager"];
    private readonly ConcurrentDictionary<string, ProjectSyncStatus> _status = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ProjectSyncStatus> Status => _status;

    /// <summary>Datasources in the admin org after the last run.</summary>
    public int AdminOrgDatasources { get; private set; }

    /// <summary>Projects Grafana refused something of in the last run (their status has the error).</summary>
    public int LastRunRejected { get; private set; }

    /// <summary>The org name of a project: <c>&lt;project name&gt;-&lt;project id&gt;</c>.</summary>
    public static string OrgName(ProjectState project) => $"{project.Name}-{project.Id}";

    public async Task RunOnceAsync(GrafanaDesiredSnapshot desired, CancellationToken cancellationToken)
    {
        LastRunRejected = 0;
        var orgs = await ListOrgsAsync(cancellationToken);
        var users = new Dictionary<string, (long Id, bool Admin)>(StringComparer.OrdinalIgnoreCase);
        foreach (var projectId in desired.DeletedProjects)
        {
            foreach (var (name, id) in orgs.Where(o => o.Key.EndsWith("-" + projectId, StringComparison.Ordinal)).ToList())
            {
                await DeleteOrgAsync(id, cancellationToken);
                orgs.Remove(name);
            }

            _status.TryRemove(projectId, out _);
        }

        foreach (var project in desired.Projects)
        {
            try
            {
                var orgId = await EnsureOrgAsync(OrgName(project), "-" + project.Id, orgs, cancellationToken);
                var members = project.Members
                    .GroupBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.Any(m => m.Role is ProjectRole.Owner or ProjectRole.Editor) ? "Editor" : "Viewer", StringComparer.OrdinalIgnoreCase);
                foreach (var admin in desired.Admins)
                {
                    members[admin] = "Editor";
                }

                var waiting = await SyncMembersAsync(orgId, members, users, cancellationToken);
                var clusters = desired.ClustersByProject[project.Id].OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
                var datasources = await SyncClusterDatasourcesAsync(orgId, clusters, cancellationToken);
                await SyncDashboardsAsync(orgId, cancellationToken);
                _status[project.Id] = new ProjectSyncStatus(project.Id, orgId, members.Count - waiting.Count, datasources, time.GetUtcNow(), null, waiting);
            }
            catch (GrafanaRejectedException ex)
            {
                LastRunRejected++;
                _status[project.Id] = new ProjectSyncStatus(project.Id, null, 0, 0, time.GetUtcNow(), ex.Message, []);
            }
        }

        await SyncAdminsAsync(desired, users, cancellationToken);
        await SyncAdminOrgAsync(desired.Seeds, orgs, cancellationToken);
    }

    private async Task<Dictionary<string, long>> ListOrgsAsync(CancellationToken cancellationToken)
    {
        var orgs = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var page = 0; ; page++)
        {
            var (status, body) = await api.GetAsync($"api/orgs?perpage={options.OrgPageSize}&page={page}", null, cancellationToken);
            var items = Expect(status, body, "list orgs") as JsonArray ?? [];
            foreach (var org in items)
            {
                orgs[org!["name"]!.GetValue<string>()] = org["id"]!.GetValue<long>();
            }

            if (items.Count < options.OrgPageSize)
            {
                return orgs;
            }
        }
    }

    /// <summary>The org's id: found by name, or by the project-id suffix (renamed: PUT the new name), or created (409: adopted).</summary>
    private async Task<long> EnsureOrgAsync(string name, string suffix, Dictionary<string, long> orgs, CancellationToken cancellationToken)
    {
        if (orgs.TryGetValue(name, out var id))
        {
            return id;
        }

        if (suffix.Length > 1 && orgs.FirstOrDefault(o => o.Key.EndsWith(suffix, StringComparison.Ordinal)) is { Key: not null } renamed)
        {
            var (status, body) = await api.WriteAsync(HttpMethod.Put, $"api/orgs/{renamed.Value}", null, new JsonObject { ["name"] = name }, cancellationToken);
            Expect(status, body, $"rename org {renamed.Key}");
            orgs.Remove(renamed.Key);
            orgs[name] = renamed.Value;
            return renamed.Value;
        }

        var (created, answer) = await api.WriteAsync(HttpMethod.Post, "api/orgs", null, new JsonObject { ["name"] = name }, cancellationToken);
        if (created == HttpStatusCode.OK && answer?["orgId"]?.GetValue<long>() is { } newId)
        {
            orgs[name] = newId;
            return newId;
        }

        if (created != HttpStatusCode.Conflict)
        {
            Expect(created, answer, $"create org {name}");
        }

        var (found, org) = await api.GetAsync($"api/orgs/name/{GrafanaApi.Escape(name)}", null, cancellationToken);
        var adopted = Expect(found, org, $"look up org {name}")!["id"]!.GetValue<long>();
        orgs[name] = adopted;
        return adopted;
    }

    private async Task DeleteOrgAsync(long id, CancellationToken cancellationToken)
    {
        var (status, body) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/{id}", null, null, cancellationToken);
        if (status != HttpStatusCode.NotFound)
        {
            Expect(status, body, $"delete org {id}");
        }

        var (gone, _) = await api.GetAsync($"api/orgs/{id}", null, cancellationToken);
        if (gone != HttpStatusCode.NotFound)
        {
            throw new GrafanaUnavailableException($"org {id} is still there after its deletion ({(int)gone})");
        }
    }

    /// <summary>Adds, re-roles and removes the org's members; returns the members left out because Grafana does not know them yet (auth proxy).</summary>
    private async Task<List<string>> SyncMembersAsync(long orgId, Dictionary<string, string> desired, Dictionary<string, (long Id, bool Admin)> users, CancellationToken cancellationToken)
    {
        var waiting = new List<string>();
        var (status, body) = await api.GetAsync($"api/orgs/{orgId}/users", null, cancellationToken);
        var current = (Expect(status, body, $"list users of org {orgId}") as JsonArray ?? [])
            .Select(u => (Id: u!["userId"]!.GetValue<long>(), Login: u["login"]?.GetValue<string>() ?? "", Email: u["email"]?.GetValue<string>() ?? "", Role: u["role"]?.GetValue<string>() ?? ""))
            .ToList();
        foreach (var (email, role) in desired)
        {
            var member = current.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Login, email, StringComparison.OrdinalIgnoreCase));
            if (member.Id != 0)
            {
                if (member.Role != role)
                {
                    var (patched, answer) = await api.WriteAsync(HttpMethod.Patch, $"api/orgs/{orgId}/users/{member.Id}", null, new JsonObject { ["role"] = role }, cancellationToken);
                    Expect(patched, answer, $"set the role of {email} in org {orgId}");
                }

                continue;
            }

            if (await EnsureUserAsync(email, users, cancellationToken) is not { } user)
            {
                waiting.Add(email);
                continue;
            }

            var (added, result) = await api.WriteAsync(HttpMethod.Post, $"api/orgs/{orgId}/users", null, new JsonObject { ["loginOrEmail"] = email, ["role"] = role }, cancellationToken);
            if (added != HttpStatusCode.Conflict)
            {
                Expect(added, result, $"add {email} to org {orgId}");
            }

            if (user.InMainOrg)
            {
                // Grafana's auto-assign put the user into the main org (KKP takes it out too): signed up by the auth
                // proxy, or created by an earlier run that Grafana's outage stopped before it took the user out.
                var (removed, answer) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/1/users/{user.Id}", null, null, cancellationToken);
                Expect(removed, answer, $"take {email} out of the main org");
            }
        }

        foreach (var stale in current.Where(u => !string.Equals(u.Login, options.AdminUser, StringComparison.Ordinal)
                     && !desired.ContainsKey(u.Email) && !desired.ContainsKey(u.Login)))
        {
            var (removed, answer) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/{orgId}/users/{stale.Id}", null, null, cancellationToken);
            Expect(removed, answer, $"remove user {stale.Id} from org {orgId}");
        }

        return waiting;
    }

    /// <summary>
    /// Finds the user, or creates it through the admin API (taken out of the main org that Grafana's auto-assign puts
    /// it in); with the auth proxy an unknown user is null (Grafana signs it up on its first login). A found user whose
    /// current org is the main org is marked so that the caller takes it out after adding it to a project org: so a
    /// run cut between creating a user and taking it out of the main org is healed by the next one.
    /// </summary>
    private async Task<(long Id, bool Admin, bool InMainOrg)?> EnsureUserAsync(string email, Dictionary<string, (long Id, bool Admin)> users, CancellationToken cancellationToken)
    {
        if (users.TryGetValue(email, out var known))
        {
            return known.Id == 0 ? null : (known.Id, known.Admin, false);
        }

        var (status, body) = await api.GetAsync($"api/users/lookup?loginOrEmail={GrafanaApi.Escape(email)}", null, cancellationToken);
        if (status == HttpStatusCode.OK)
        {
            var found = (body!["id"]!.GetValue<long>(), body["isGrafanaAdmin"]?.GetValue<bool>() ?? false);
            users[email] = found;
            // Current org still the main org: signed up by the auth proxy, or created by a run that stopped before it took the user out.
            return (found.Item1, found.Item2, body["orgId"]?.GetValue<long>() == 1);
        }

        Expect(status == HttpStatusCode.NotFound ? HttpStatusCode.OK : status, body, $"look up {email}");
        if (options.AuthProxy)
        {
            users[email] = (0, false); // not known to Grafana: waiting for the first login (once per run)
            return null;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var (created, answer) = await api.WriteAsync(HttpMethod.Post, "api/admin/users", null, new JsonObject { ["login"] = email, ["email"] = email, ["name"] = email, ["password"] = password }, cancellationToken);
        var id = Expect(created, answer, $"create user {email}")!["id"]!.GetValue<long>();
        var (removed, result) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/1/users/{id}", null, null, cancellationToken);
        Expect(removed, result, $"take {email} out of the main org");
        users[email] = (id, false);
        return (id, false, false);
    }

    private async Task SyncAdminsAsync(GrafanaDesiredSnapshot desired, Dictionary<string, (long Id, bool Admin)> users, CancellationToken cancellationToken)
    {
        foreach (var (email, admin) in desired.Admins.Select(a => (a, true)).Concat(desired.FormerAdmins.Select(a => (a, false))))
        {
            users.Remove(email);
            var (status, body) = await api.GetAsync($"api/users/lookup?loginOrEmail={GrafanaApi.Escape(email)}", null, cancellationToken);
            if (status == HttpStatusCode.NotFound)
            {
                continue;
            }

            var user = Expect(status, body, $"look up {email}")!;
            if ((user["isGrafanaAdmin"]?.GetValue<bool>() ?? false) != admin)
            {
                var (set, answer) = await api.WriteAsync(HttpMethod.Put, $"api/admin/users/{user["id"]!.GetValue<long>()}/permissions", null, new JsonObject { ["isGrafanaAdmin"] = admin }, cancellationToken);
                Expect(set, answer, $"set the server admin flag of {email}");
            }
        }
    }

    private async Task<int> SyncClusterDatasourcesAsync(long orgId, IReadOnlyList<DesiredCluster> clusters, CancellationToken cancellationToken)
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

    private async Task SyncAdminOrgAsync(IReadOnlyList<string> seeds, Dictionary<string, long> orgs, CancellationToken cancellationToken)
    {
        var wanted = new List<JsonObject>();
        foreach (var seed in seeds)
        {
            if (options.SeedReadUrls.TryGetValue(seed, out var url) && await tokens.GetSeedAdminTokenAsync(seed, cancellationToken) is { } token)
            {
                wanted.AddRange(Kinds.Select(kind => Datasource(kind, $"{kind}-seed-{seed}", $"{kind}-{seed}", url, "seed:" + seed, token)));
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        var orgId = await EnsureOrgAsync(options.AdminOrgName, "", orgs, cancellationToken);
        AdminOrgDatasources = await SyncDatasourcesAsync(orgId, wanted, cancellationToken);
        await SyncDashboardsAsync(orgId, cancellationToken);
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
    private async Task<int> SyncDatasourcesAsync(long orgId, List<JsonObject> wanted, CancellationToken cancellationToken)
    {
        var (status, body) = await api.GetAsync("api/datasources", orgId, cancellationToken);
        var current = (Expect(status, body, $"list datasources of org {orgId}") as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(d => d["uid"]!.GetValue<string>(), StringComparer.Ordinal);
        foreach (var datasource in wanted)
        {
            var uid = datasource["uid"]!.GetValue<string>();
            if (!current.TryGetValue(uid, out var held))
            {
                var (created, answer) = await api.WriteAsync(HttpMethod.Post, "api/datasources", orgId, datasource, cancellationToken);
                Expect(created, answer, $"create datasource {uid} in org {orgId}");
            }
            else if (!Same(held, datasource))
            {
                var (updated, answer) = await api.WriteAsync(HttpMethod.Put, $"api/datasources/uid/{GrafanaApi.Escape(uid)}", orgId, datasource, cancellationToken);
                Expect(updated, answer, $"update datasource {uid} in org {orgId}");
            }
        }

        var keep = wanted.Select(d => d["uid"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var uid in current.Keys.Where(u => Kinds.Any(k => u.StartsWith(k + "-", StringComparison.Ordinal)) && !keep.Contains(u)))
        {
            var (deleted, answer) = await api.WriteAsync(HttpMethod.Delete, $"api/datasources/uid/{GrafanaApi.Escape(uid)}", orgId, null, cancellationToken);
            if (deleted != HttpStatusCode.NotFound)
            {
                Expect(deleted, answer, $"delete datasource {uid} in org {orgId}");
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

    private async Task SyncDashboardsAsync(long orgId, CancellationToken cancellationToken)
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
            Expect(saved, answer, $"save dashboard {dashboard.Uid} in org {orgId}");
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

    /// <summary>The body of a 200; a refusal (4xx, a 500 that is an answer) is a <see cref="GrafanaRejectedException"/> for this project only.</summary>
    private static JsonNode? Expect(HttpStatusCode status, JsonNode? body, string what) =>
        status == HttpStatusCode.OK
            ? body
            : throw new GrafanaRejectedException($"{what}: {(int)status} {body?["message"]?.GetValue<string>()}");
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Mla.Contracts.Projects;
using Mla.Grafana.Api;
using Mla.Grafana.Desired;

namespace Mla.Grafana.Sync;

/// <summary>
/// Brings Grafana to the desired state, level-triggered: every step reads what is there, compares and writes only a
/// difference (an idle resync makes no write), and ensures what it needs itself (an org before its datasources), so
/// the order events came in does not matter. Orgs live here; members and users in <see cref="GrafanaUserSync"/>,
/// datasources in <see cref="GrafanaDatasourceSync"/>, dashboards in <see cref="GrafanaDashboardSync"/>. Grafana unavailable: <see cref="GrafanaUnavailableException"/> leaves
/// the sync; the next run starts again from the desired state (nothing is lost).
/// </summary>
public sealed class GrafanaSync(GrafanaApi api, GrafanaOptions options, ITenantReadTokens tokens, IReadOnlyList<DashboardFile> dashboards, TimeProvider time)
{
    private readonly GrafanaUserSync _users = new(api, options);
    private readonly GrafanaDatasourceSync _datasources = new(api, options, tokens);
    private readonly GrafanaDashboardSync _dashboards = new(api, dashboards);
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

                var waiting = await _users.SyncMembersAsync(orgId, members, users, cancellationToken);
                var clusters = desired.ClustersByProject[project.Id].OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
                var datasources = await _datasources.SyncClusterDatasourcesAsync(orgId, clusters, cancellationToken);
                await _dashboards.SyncDashboardsAsync(orgId, cancellationToken);
                _status[project.Id] = new ProjectSyncStatus(project.Id, orgId, members.Count - waiting.Count, datasources, time.GetUtcNow(), null, waiting);
            }
            catch (GrafanaRejectedException ex)
            {
                LastRunRejected++;
                _status[project.Id] = new ProjectSyncStatus(project.Id, null, 0, 0, time.GetUtcNow(), ex.Message, []);
            }
        }

        await _users.SyncAdminsAsync(desired, users, cancellationToken);
        await SyncAdminOrgAsync(desired.Seeds, orgs, cancellationToken);
    }

    private async Task<Dictionary<string, long>> ListOrgsAsync(CancellationToken cancellationToken)
    {
        var orgs = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var page = 0; ; page++)
        {
            var (status, body) = await api.GetAsync($"api/orgs?perpage={options.OrgPageSize}&page={page}", null, cancellationToken);
            var items = GrafanaAnswer.Expect(status, body, "list orgs") as JsonArray ?? [];
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
            GrafanaAnswer.Expect(status, body, $"rename org {renamed.Key}");
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
            GrafanaAnswer.Expect(created, answer, $"create org {name}");
        }

        var (found, org) = await api.GetAsync($"api/orgs/name/{GrafanaApi.Escape(name)}", null, cancellationToken);
        var adopted = GrafanaAnswer.Expect(found, org, $"look up org {name}")!["id"]!.GetValue<long>();
        orgs[name] = adopted;
        return adopted;
    }

    private async Task DeleteOrgAsync(long id, CancellationToken cancellationToken)
    {
        var (status, body) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/{id}", null, null, cancellationToken);
        if (status != HttpStatusCode.NotFound)
        {
            GrafanaAnswer.Expect(status, body, $"delete org {id}");
        }

        var (gone, _) = await api.GetAsync($"api/orgs/{id}", null, cancellationToken);
        if (gone != HttpStatusCode.NotFound)
        {
            throw new GrafanaUnavailableException($"org {id} is still there after its deletion ({(int)gone})");
        }
    }

    private async Task SyncAdminOrgAsync(IReadOnlyList<string> seeds, Dictionary<string, long> orgs, CancellationToken cancellationToken)
    {
        var wanted = await _datasources.AdminOrgDatasourcesAsync(seeds, cancellationToken);
        if (wanted.Count == 0)
        {
            return;
        }

        var orgId = await EnsureOrgAsync(options.AdminOrgName, "", orgs, cancellationToken);
        AdminOrgDatasources = await _datasources.SyncDatasourcesAsync(orgId, wanted, cancellationToken);
        await _dashboards.SyncDashboardsAsync(orgId, cancellationToken);
    }
}

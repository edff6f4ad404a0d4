using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;

namespace Mla.Grafana.Desired;

/// <summary>
/// What Grafana should hold, from the events in any order: per project and per cluster the newest event wins (by its
/// time), a deletion included, so the same events delivered in any order give the same state.
/// </summary>
public sealed class GrafanaDesiredState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ProjectState? Project, DateTimeOffset At)> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DesiredCluster? Cluster, DateTimeOffset At)> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Admin, DateTimeOffset At)> _admins = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Email, DateTimeOffset At)> _userEmails = new(StringComparer.Ordinal);

    public void ApplyProject(ProjectState project, DateTimeOffset at) => Apply(_projects, project.Id, project, at);

    public void DeleteProject(string projectId, DateTimeOffset at) => Apply<ProjectState>(_projects, projectId, null, at);

    public void ApplyCluster(ClusterState cluster, DateTimeOffset at) =>
        Apply(_clusters, cluster.Id, new DesiredCluster(cluster.Id, cluster.Name, cluster.Seed, cluster.ProjectId, cluster.MonitoringEnabled || cluster.LoggingEnabled), at);

    public void DeleteCluster(string clusterId, DateTimeOffset at) => Apply<DesiredCluster>(_clusters, clusterId, null, at);

    /// <summary>A KKP admin (server admin in Grafana, Editor in every project org) or not any more.</summary>
    public void SetAdmin(string email, bool admin, DateTimeOffset at)
    {
        lock (_gate)
        {
            SetAdminLocked(email, admin, at);
        }
    }

    /// <summary>
    /// A KKP user (by its id, newest event wins): admin while <paramref name="admin"/> and not deleted; an e-mail that
    /// changed leaves the old one without the admin flag.
    /// </summary>
    public void ApplyUser(string userId, string email, bool admin, bool deleted, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_userEmails.TryGetValue(userId, out var held))
            {
                if (held.At > at)
                {
                    return;
                }

                if (!string.Equals(held.Email, email, StringComparison.OrdinalIgnoreCase))
                {
                    SetAdminLocked(held.Email, false, at);
                }
            }

            _userEmails[userId] = (email, at);
            SetAdminLocked(email, admin && !deleted, at);
        }
    }

    private void SetAdminLocked(string email, bool admin, DateTimeOffset at)
    {
        // Ties: not admin wins (set and cleared at the same instant end cleared, whatever the order).
        if (!_admins.TryGetValue(email, out var held) || held.At < at || (held.At == at && !admin))
        {
            _admins[email] = (admin, at);
        }
    }

    /// <summary>One consistent copy: live projects, their MLA clusters, deleted project ids, admins.</summary>
    public GrafanaDesiredSnapshot Snapshot()
    {
        lock (_gate)
        {
            var projects = _projects.Values.Where(p => p.Project is not null).Select(p => p.Project!).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
            var clusters = _clusters.Values.Where(c => c.Cluster is { MlaEnabled: true }).Select(c => c.Cluster!).ToLookup(c => c.ProjectId, StringComparer.Ordinal);
            var deleted = _projects.Where(p => p.Value.Project is null).Select(p => p.Key).ToList();
            var admins = _admins.Where(a => a.Value.Admin).Select(a => a.Key).Order(StringComparer.OrdinalIgnoreCase).ToList();
            var formerAdmins = _admins.Where(a => !a.Value.Admin).Select(a => a.Key).ToList();
            var seeds = _clusters.Values.Where(c => c.Cluster is not null).Select(c => c.Cluster!.Seed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return new GrafanaDesiredSnapshot(projects, clusters, deleted, admins, formerAdmins, seeds);
        }
    }

    private void Apply<T>(Dictionary<string, (T? Value, DateTimeOffset At)> items, string id, T? value, DateTimeOffset at)
        where T : class
    {
        lock (_gate)
        {
            // Ties: a deletion wins (a create and a delete at the same instant end deleted, whatever the order).
            if (!items.TryGetValue(id, out var held) || held.At < at || (held.At == at && value is null))
            {
                items[id] = (value, at);
            }
        }
    }
}

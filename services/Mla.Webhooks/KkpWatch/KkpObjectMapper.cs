using System.Globalization;
using System.Text;
using System.Text.Json;
using Mla.Contracts.Alertmanager;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Contracts.Rules;
using Mla.Contracts.Settings;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// Reads the fields MLA needs from KKP's objects (<c>sdk/apis/kubermatic/v1</c>; deploy/kkp-crds) and builds the
/// same states the webhook payloads carry (docs/webhooks.md §5). An object MLA cannot use (a Cluster without its
/// <c>project-id</c> label, a RuleGroup of an unknown type) maps to null and is reported by the caller. A Cluster's
/// labels are passed on without <c>project-id</c>, which travels as <c>projectId</c> (as in the webhook payload).
/// </summary>
public static class KkpObjectMapper
{
    public const string ProjectLabel = "project-id";
    public const string AlertmanagerConfigKey = "alertmanager.yaml";
    private const string ClusterNamespacePrefix = "cluster-";

    public static DesiredObject? Cluster(KkpObject cluster, string seed)
    {
        var labels = cluster.Metadata.Labels ?? new Dictionary<string, string>();
        if (!labels.TryGetValue(ProjectLabel, out var projectId) || string.IsNullOrEmpty(projectId))
        {
            return null;
        }

        var name = cluster.Metadata.Name;
        var spec = cluster.Spec;
        var mla = Object(spec, "mla");
        var state = new ClusterState(
            name,
            String(spec, "humanReadableName") ?? name,
            seed,
            projectId,
            String(cluster.Status, "phase") ?? "Creating",
            Bool(mla, "monitoringEnabled"),
            Bool(mla, "loggingEnabled"),
            new SortedDictionary<string, string>(labels.Where(l => l.Key != ProjectLabel).ToDictionary(), StringComparer.Ordinal));
        return new DesiredObject(ObjectKind.Cluster, name, projectId, name, state, cluster.IsDeleting, cluster.IsDeleting ? Uid(cluster) : VersionOf(cluster));
    }

    public static bool MlaEnabled(KkpObject cluster)
    {
        var mla = Object(cluster.Spec, "mla");
        return Bool(mla, "monitoringEnabled") || Bool(mla, "loggingEnabled");
    }

    /// <summary>The project with its members from every UserProjectBinding naming it (<c>spec.projectID</c>).</summary>
    public static DesiredObject Project(KkpObject project, IEnumerable<KkpObject> bindings)
    {
        var id = project.Metadata.Name;
        var mine = bindings.Where(b => String(b.Spec, "projectID") == id && !b.IsDeleting).OrderBy(b => b.Metadata.Name, StringComparer.Ordinal).ToList();
        var members = mine
            .Select(b => (Email: String(b.Spec, "userEmail"), Role: RoleOf(String(b.Spec, "group"))))
            .Where(m => m.Email is { Length: > 0 } && m.Role is not null)
            .GroupBy(m => m.Email!, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ProjectMember(g.Key, g.Min(m => m.Role!.Value)))
            .OrderBy(m => m.Email, StringComparer.Ordinal)
            .ToList();
        var state = new ProjectState(id, String(project.Spec, "name") ?? id, members);
        var version = VersionOf(project) + string.Concat(mine.Select(b => "," + VersionOf(b)));
        return new DesiredObject(ObjectKind.Project, id, id, null, state, project.IsDeleting, project.IsDeleting ? Uid(project) : version);
    }

    /// <summary>A KKP <c>User</c> (<c>spec.email</c>, <c>spec.isAdmin</c>); null without an e-mail.</summary>
    public static DesiredObject? User(KkpObject user)
    {
        if (String(user.Spec, "email") is not { } email || !email.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var id = user.Metadata.Name;
        var state = new Mla.Contracts.Users.UserState(id, email, Bool(user.Spec, "isAdmin"));
        return new DesiredObject(ObjectKind.User, id, null, null, state, user.IsDeleting, user.IsDeleting ? Uid(user) : VersionOf(user));
    }

    /// <summary>KKP binds a user to a project by group: <c>owners-</c>, <c>editors-</c>, <c>viewers-</c> (and <c>projectmanagers-</c>) + project id.</summary>
    public static ProjectRole? RoleOf(string? group) => group switch
    {
        null => null,
        _ when group.StartsWith("owners-", StringComparison.Ordinal) => ProjectRole.Owner,
        _ when group.StartsWith("editors-", StringComparison.Ordinal) => ProjectRole.Editor,
        _ when group.StartsWith("projectmanagers-", StringComparison.Ordinal) => ProjectRole.Editor,
        _ when group.StartsWith("viewers-", StringComparison.Ordinal) => ProjectRole.Viewer,
        _ => null,
    };

    public static DesiredObject? RuleGroup(KkpObject group)
    {
        var clusterId = String(Object(group.Spec, "cluster"), "name");
        RuleGroupType? type = String(group.Spec, "ruleGroupType") switch
        {
            "Metrics" => RuleGroupType.Metrics,
            "Logs" => RuleGroupType.Logs,
            _ => null,
        };
        if (clusterId is null || type is null)
        {
            return null;
        }

        var name = group.Metadata.Name;
        var state = new RuleGroupState(name, clusterId, type.Value, Base64Text(String(group.Spec, "data")) ?? string.Empty);
        return new DesiredObject(ObjectKind.RuleGroup, $"{clusterId}/{name}", null, clusterId, state, group.IsDeleting, group.IsDeleting ? Uid(group) : VersionOf(group));
    }

    public static string? ConfigSecretName(KkpObject alertmanager) => String(Object(alertmanager.Spec, "configSecret"), "name");

    /// <summary>The Alertmanager configuration of the cluster whose namespace holds <paramref name="alertmanager"/>; null while its Secret is missing.</summary>
    public static DesiredObject? Alertmanager(KkpObject alertmanager, KkpObject? secret, string? clusterId)
    {
        if (clusterId is null)
        {
            return null;
        }

        if (alertmanager.IsDeleting)
        {
            return new DesiredObject(ObjectKind.AlertmanagerConfig, clusterId, null, clusterId, new AlertmanagerConfigState(clusterId, string.Empty), true, Uid(alertmanager));
        }

        var yaml = secret?.Data is { ValueKind: JsonValueKind.Object } data ? Base64Text(String(data, AlertmanagerConfigKey)) : null;
        return yaml is null
            ? null
            : new DesiredObject(ObjectKind.AlertmanagerConfig, clusterId, null, clusterId, new AlertmanagerConfigState(clusterId, yaml), false, VersionOf(alertmanager) + "," + VersionOf(secret!));
    }

    /// <summary>A cluster's namespace is <c>status.namespaceName</c> (<c>cluster-&lt;id&gt;</c>).</summary>
    public static string? ClusterOfNamespace(string? ns, SeedObjects objects)
    {
        if (ns is null)
        {
            return null;
        }

        var owner = objects.Of(KkpResources.Clusters).FirstOrDefault(c => String(c.Status, "namespaceName") == ns);
        return owner?.Metadata.Name ?? (ns.StartsWith(ClusterNamespacePrefix, StringComparison.Ordinal) ? ns[ClusterNamespacePrefix.Length..] : null);
    }

    /// <summary>MLAAdminSetting: the cluster's limits; a deleted setting brings back the defaults (there is no "settings deleted" event).</summary>
    public static DesiredObject? MlaSettings(KkpObject setting)
    {
        var clusterId = String(setting.Spec, "clusterName");
        if (clusterId is null)
        {
            return null;
        }

        var state = setting.IsDeleting
            ? new MlaSettingsState(clusterId, MonitoringLimits.Defaults, LoggingLimits.Defaults)
            : new MlaSettingsState(clusterId, Monitoring(Object(setting.Spec, "monitoringRateLimits")), Logging(Object(setting.Spec, "loggingRateLimits")));
        return new DesiredObject(ObjectKind.MlaSettings, clusterId, null, clusterId, state, false, setting.IsDeleting ? Uid(setting) + ":deleted" : VersionOf(setting));
    }

    /// <summary>The same object as deleted (it is gone from the seed): a deleted MLAAdminSetting means default limits.</summary>
    public static DesiredObject AsDeleted(DesiredObject desired) => desired.Kind == ObjectKind.MlaSettings
        ? desired with { State = new MlaSettingsState(desired.Key, MonitoringLimits.Defaults, LoggingLimits.Defaults), Deleted = false }
        : desired with { Deleted = true };

    private static MonitoringLimits Monitoring(JsonElement? limits) => limits is null
        ? MonitoringLimits.Defaults
        : new MonitoringLimits(
            Long(limits, "ingestionRate"), Long(limits, "ingestionBurstSize"), Long(limits, "maxSeriesPerMetric"), Long(limits, "maxSeriesTotal"),
            Long(limits, "queryRate"), Long(limits, "queryBurstSize"), Long(limits, "maxSamplesPerQuery"), Long(limits, "maxSeriesPerQuery"));

    private static LoggingLimits Logging(JsonElement? limits) => limits is null
        ? LoggingLimits.Defaults
        : new LoggingLimits(Long(limits, "ingestionRate"), Long(limits, "ingestionBurstSize"), Long(limits, "queryRate"), Long(limits, "queryBurstSize"));

    private static string Uid(KkpObject item) => item.Metadata.Uid ?? item.Key;

    private static string VersionOf(KkpObject item) => $"{Uid(item)}@{item.Metadata.ResourceVersion}";

    private static JsonElement? Object(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static long? Long(JsonElement? parent, string name)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } p || !p.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) && number >= 0 => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static string? Base64Text(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

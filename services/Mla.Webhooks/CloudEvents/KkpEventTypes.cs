using System.Collections.Frozen;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.CloudEvents;

/// <summary>The CloudEvent types KKP sends (docs/webhooks.md).</summary>
public static class KkpEventTypes
{
    public const string ClusterCreated = "io.kubermatic.cluster.created";
    public const string ClusterUpdated = "io.kubermatic.cluster.updated";
    public const string ClusterDeleted = "io.kubermatic.cluster.deleted";
    public const string ProjectCreated = "io.kubermatic.project.created";
    public const string ProjectUpdated = "io.kubermatic.project.updated";
    public const string ProjectDeleted = "io.kubermatic.project.deleted";
    public const string ProjectMembersChanged = "io.kubermatic.project.members.changed";
    public const string RuleGroupChanged = "io.kubermatic.rulegroup.changed";
    public const string RuleGroupDeleted = "io.kubermatic.rulegroup.deleted";
    public const string AlertmanagerChanged = "io.kubermatic.alertmanager.changed";
    public const string AlertmanagerDeleted = "io.kubermatic.alertmanager.deleted";
    public const string MlaSettingsChanged = "io.kubermatic.mla.settings.changed";
    public const string UserChanged = "io.kubermatic.user.changed";
    public const string UserDeleted = "io.kubermatic.user.deleted";

    public static FrozenDictionary<string, KkpEventType> All { get; } = new KkpEventType[]
    {
        new(ClusterCreated, ObjectKind.Cluster, Deletes: false),
        new(ClusterUpdated, ObjectKind.Cluster, Deletes: false),
        new(ClusterDeleted, ObjectKind.Cluster, Deletes: true),
        new(ProjectCreated, ObjectKind.Project, Deletes: false),
        new(ProjectUpdated, ObjectKind.Project, Deletes: false),
        new(ProjectDeleted, ObjectKind.Project, Deletes: true),
        new(ProjectMembersChanged, ObjectKind.Project, Deletes: false),
        new(RuleGroupChanged, ObjectKind.RuleGroup, Deletes: false),
        new(RuleGroupDeleted, ObjectKind.RuleGroup, Deletes: true),
        new(AlertmanagerChanged, ObjectKind.AlertmanagerConfig, Deletes: false),
        new(AlertmanagerDeleted, ObjectKind.AlertmanagerConfig, Deletes: true),
        new(MlaSettingsChanged, ObjectKind.MlaSettings, Deletes: false),
        new(UserChanged, ObjectKind.User, Deletes: false),
        new(UserDeleted, ObjectKind.User, Deletes: true),
    }.ToFrozenDictionary(type => type.Name, StringComparer.Ordinal);
}

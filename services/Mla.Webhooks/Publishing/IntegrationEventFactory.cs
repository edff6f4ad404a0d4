using System.Text.Json;
using Mla.Contracts;
using Mla.Contracts.Alertmanager;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Contracts.Rules;
using Mla.Contracts.Settings;
using Mla.Contracts.Users;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents;

namespace Mla.Webhooks.Publishing;

/// <summary>
/// Builds the integration event for a catalog entry. Inbound events and resyncs go through the same mapping, so a
/// re-published object looks exactly like the event that first brought it (with a new event id and source).
/// </summary>
public static class IntegrationEventFactory
{
    public static IIntegrationEvent Create(CatalogEntry entry, string eventId, string source, string? seed)
    {
        var time = entry.Time;
        return entry.KkpType switch
        {
            KkpEventTypes.ClusterCreated => new ClusterCreated(eventId, source, time, State<ClusterState>(entry)),
            KkpEventTypes.ClusterUpdated => new ClusterUpdated(eventId, source, time, State<ClusterState>(entry)),
            KkpEventTypes.ClusterDeleted => new ClusterDeleted(eventId, source, time, State<ClusterState>(entry)),
            KkpEventTypes.ProjectCreated => new ProjectCreated(eventId, source, time, State<ProjectState>(entry)),
            KkpEventTypes.ProjectUpdated => new ProjectUpdated(eventId, source, time, State<ProjectState>(entry)),
            KkpEventTypes.ProjectDeleted => new ProjectDeleted(eventId, source, time, State<ProjectState>(entry)),
            KkpEventTypes.ProjectMembersChanged => new ProjectMembershipChanged(eventId, source, time, State<ProjectState>(entry)),
            KkpEventTypes.RuleGroupChanged => new RuleGroupChanged(eventId, source, time, State<RuleGroupState>(entry), seed),
            KkpEventTypes.RuleGroupDeleted => new RuleGroupDeleted(eventId, source, time, State<RuleGroupState>(entry), seed),
            KkpEventTypes.AlertmanagerChanged => new AlertmanagerConfigChanged(eventId, source, time, State<AlertmanagerConfigState>(entry), seed),
            KkpEventTypes.AlertmanagerDeleted => new AlertmanagerConfigDeleted(eventId, source, time, State<AlertmanagerConfigState>(entry), seed),
            KkpEventTypes.MlaSettingsChanged => new MlaSettingsChanged(eventId, source, time, State<MlaSettingsState>(entry), seed),
            KkpEventTypes.UserChanged => new UserChanged(eventId, source, time, State<UserState>(entry)),
            KkpEventTypes.UserDeleted => new UserDeleted(eventId, source, time, State<UserState>(entry)),
            _ => throw new InvalidOperationException($"Catalog entry {entry.Kind}/{entry.Key} has unknown event type '{entry.KkpType}'"),
        };
    }

    private static T State<T>(CatalogEntry entry) =>
        JsonSerializer.Deserialize<T>(entry.StateJson, KkpEventParser.StateJson)
        ?? throw new InvalidOperationException($"Catalog entry {entry.Kind}/{entry.Key} has an empty state");
}

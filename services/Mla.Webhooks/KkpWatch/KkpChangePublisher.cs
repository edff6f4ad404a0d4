using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents;
using Mla.Webhooks.Intake;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// Compares what a seed's objects describe with the catalog and hands only a difference to the intake, as the
/// catalog entry a webhook would have produced: the same event types, the same state, an event id derived from the
/// seed, the object and its source resourceVersions (so every replica and every re-list derives the same id).
/// </summary>
public sealed class KkpChangePublisher(IFleetCatalog catalog, EventIntake intake, CleanupReportStore cleanups, KkpWatchMetrics metrics, TimeProvider time)
{
    /// <summary>The CloudEvents source of watched changes.</summary>
    public static string SourceOf(string seed) => $"urn:mla:kkp-watch:{seed}";

    /// <summary>Publishes <paramref name="desired"/> unless the catalog already holds it; true when an event was published.</summary>
    public async Task<bool> PublishIfChangedAsync(string seed, DesiredObject desired, CatalogEntry? current, CancellationToken cancellationToken)
    {
        var stateJson = JsonSerializer.Serialize(desired.State, desired.State.GetType(), KkpEventParser.StateJson);
        if (Unchanged(desired, stateJson, current))
        {
            return false;
        }

        var type = EventTypeOf(desired, current);
        var entry = new CatalogEntry(
            desired.Kind, desired.Key, type, EventIdOf(seed, desired, type), SourceOf(seed), time.GetUtcNow(), desired.Deleted,
            seed, desired.ProjectId, desired.ClusterId, stateJson);
        if (desired.State is ClusterState { MonitoringEnabled: true } or ClusterState { LoggingEnabled: true } && !desired.Deleted && !WasMlaOn(current))
        {
            // MLA goes on: from now on only a cleanup report newer than this counts for the finalizer.
            await cleanups.ArmAsync(desired.Key, entry.Time, cancellationToken);
        }

        var result = await intake.ProcessAsync([entry], cancellationToken);
        if (result.Accepted > 0)
        {
            metrics.Published.WithLabels(seed, desired.Kind.ToString()).Inc();
        }

        return result.Accepted > 0;
    }

    /// <summary>Publishes the object if it changed, reading the catalog's entry first.</summary>
    public async Task<bool> PublishIfChangedAsync(string seed, DesiredObject desired, CancellationToken cancellationToken) =>
        await PublishIfChangedAsync(seed, desired, await catalog.GetAsync(desired.Kind, desired.Key, cancellationToken), cancellationToken);

    /// <summary>
    /// After a (re)list: every object of <paramref name="kind"/> the seed describes is published if it changed, and
    /// every live catalog object of the seed it no longer describes becomes deleted. <paramref name="untouchable"/>
    /// are keys to leave as they are (e.g. an Alertmanager whose Secret is missing). Returns the events published.
    /// </summary>
    public async Task<int> ReconcileKindAsync(
        string seed, ObjectKind kind, IReadOnlyCollection<DesiredObject> desired, IReadOnlySet<string> untouchable, CancellationToken cancellationToken)
    {
        var known = (await catalog.ListAsync(new CatalogQuery(kind, Seed: seed, IncludeDeleted: true), cancellationToken))
            .ToDictionary(e => e.Key, StringComparer.Ordinal);
        var published = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in desired)
        {
            present.Add(item.Key);
            if (await PublishIfChangedAsync(seed, item, known.GetValueOrDefault(item.Key), cancellationToken))
            {
                published++;
            }
        }

        foreach (var gone in known.Values.Where(e => !e.Deleted && !present.Contains(e.Key) && !untouchable.Contains(e.Key)))
        {
            if (await PublishIfChangedAsync(seed, Gone(gone), gone, cancellationToken))
            {
                published++;
            }
        }

        return published;
    }

    /// <summary>A catalog object the seed no longer has: deleted with its last known state (settings: back to the defaults).</summary>
    private static DesiredObject Gone(CatalogEntry entry)
    {
        var state = IntegrationStateOf(entry);
        return KkpObjectMapper.AsDeleted(new DesiredObject(entry.Kind, entry.Key, entry.ProjectId, entry.ClusterId, state, true, "gone-" + entry.EventId));
    }

    private static object IntegrationStateOf(CatalogEntry entry) => entry.Kind switch
    {
        ObjectKind.Cluster => Deserialize<ClusterState>(entry),
        ObjectKind.Project => Deserialize<ProjectState>(entry),
        ObjectKind.RuleGroup => Deserialize<Mla.Contracts.Rules.RuleGroupState>(entry),
        ObjectKind.AlertmanagerConfig => Deserialize<Mla.Contracts.Alertmanager.AlertmanagerConfigState>(entry),
        ObjectKind.User => Deserialize<Mla.Contracts.Users.UserState>(entry),
        _ => Deserialize<Mla.Contracts.Settings.MlaSettingsState>(entry),
    };

    private static T Deserialize<T>(CatalogEntry entry) =>
        JsonSerializer.Deserialize<T>(entry.StateJson, KkpEventParser.StateJson) ?? throw new InvalidOperationException($"Catalog entry {entry.Kind}/{entry.Key} has an empty state");

    private static bool Unchanged(DesiredObject desired, string stateJson, CatalogEntry? current) => current switch
    {
        null => desired.Deleted,
        { Deleted: true } => desired.Deleted,
        _ => !desired.Deleted && string.Equals(current.StateJson, stateJson, StringComparison.Ordinal),
    };

    private static bool WasMlaOn(CatalogEntry? current) =>
        current is { Deleted: false, Kind: ObjectKind.Cluster }
        && JsonSerializer.Deserialize<ClusterState>(current.StateJson, KkpEventParser.StateJson) is { } state
        && (state.MonitoringEnabled || state.LoggingEnabled);

    private static string EventTypeOf(DesiredObject desired, CatalogEntry? current)
    {
        var isNew = current is null or { Deleted: true };
        return desired.Kind switch
        {
            ObjectKind.Cluster => desired.Deleted ? KkpEventTypes.ClusterDeleted : isNew ? KkpEventTypes.ClusterCreated : KkpEventTypes.ClusterUpdated,
            ObjectKind.Project => desired.Deleted ? KkpEventTypes.ProjectDeleted
                : isNew ? KkpEventTypes.ProjectCreated
                : NameChanged(desired, current!) ? KkpEventTypes.ProjectUpdated
                : KkpEventTypes.ProjectMembersChanged,
            ObjectKind.RuleGroup => desired.Deleted ? KkpEventTypes.RuleGroupDeleted : KkpEventTypes.RuleGroupChanged,
            ObjectKind.AlertmanagerConfig => desired.Deleted ? KkpEventTypes.AlertmanagerDeleted : KkpEventTypes.AlertmanagerChanged,
            ObjectKind.User => desired.Deleted ? KkpEventTypes.UserDeleted : KkpEventTypes.UserChanged,
            _ => KkpEventTypes.MlaSettingsChanged,
        };
    }

    private static bool NameChanged(DesiredObject desired, CatalogEntry current) =>
        JsonSerializer.Deserialize<ProjectState>(current.StateJson, KkpEventParser.StateJson)?.Name != ((ProjectState)desired.State).Name;

    /// <summary>Stable: the same seed, object, event type and source versions give the same id on every replica and re-list.</summary>
    public static string EventIdOf(string seed, DesiredObject desired, string type)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{desired.Kind}\n{desired.Key}\n{type}\n{desired.Version}"));
        return $"kkp-watch-{Convert.ToHexStringLower(hash.AsSpan(0, 16))}";
    }
}

using k8s;
using Microsoft.Extensions.Options;
using Mla.Webhooks.Catalog;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// Applies one seed change to the seed's known objects, publishes what it changes in the catalog (through
/// <see cref="KkpChangePublisher"/>, so through the same intake as webhooks) and keeps MLA's cluster finalizer:
/// added while MLA is on for a live cluster, removed once the cluster is deleted or MLA is off for it, its event is in
/// the catalog, and every service of the cleanup barrier reported it cleaned up.
/// </summary>
public sealed partial class SeedChangeHandler(
    KkpChangePublisher publisher,
    ClusterFinalizer finalizer,
    CleanupReportStore cleanups,
    IFleetCatalog catalog,
    IOptions<WebhooksOptions> options,
    KkpWatchMetrics metrics,
    TimeProvider time,
    ILogger<SeedChangeHandler> logger)
{
    private static readonly ObjectKind[] KindsInOrder = [ObjectKind.Project, ObjectKind.User, ObjectKind.Cluster, ObjectKind.MlaSettings, ObjectKind.RuleGroup, ObjectKind.AlertmanagerConfig];

    /// <summary>After the first list: every catalog kind compared with the seed, then every cluster's finalizer.</summary>
    public async Task<int> ReconcileAllAsync(IKubernetes client, string seed, SeedObjects state, CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var kind in KindsInOrder)
        {
            published += await ReconcileKindAsync(seed, state, kind, cancellationToken);
        }

        foreach (var cluster in state.Of(KkpResources.Clusters).ToList())
        {
            await EnsureFinalizerAsync(client, seed, cluster, cancellationToken);
        }

        return published;
    }

    public async Task HandleAsync(IKubernetes client, string seed, SeedObjects state, SeedChange change, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case KkpObjectChanged changed:
                await HandleObjectAsync(client, seed, state, changed, cancellationToken);
                break;
            case KkpKindRelisted relisted:
                await HandleRelistAsync(client, seed, state, relisted, cancellationToken);
                break;
            case FinalizerCheckDue due:
                var waiting = state.Of(KkpResources.Clusters)
                    .Where(c => ClusterFinalizer.Has(c) && (c.IsDeleting || !KkpObjectMapper.MlaEnabled(c)))
                    .Where(c => due.ClusterId is null || c.Metadata.Name == due.ClusterId)
                    .ToList();
                foreach (var cluster in waiting)
                {
                    await EnsureFinalizerAsync(client, seed, cluster, cancellationToken);
                }

                break;
        }
    }

    private async Task HandleObjectAsync(IKubernetes client, string seed, SeedObjects state, KkpObjectChanged changed, CancellationToken cancellationToken)
    {
        var (resource, type, item) = changed;
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["Seed"] = seed, ["Kind"] = resource.Kind, ["Object"] = item.Key });
        KkpObject? previous;
        if (type == WatchEventType.Deleted)
        {
            // Gone from the seed: handled like an object being deleted (its …Deleted event, with its last state).
            item.Metadata.DeletionTimestamp ??= time.GetUtcNow().UtcDateTime;
            previous = state.Remove(resource, item.Key);
        }
        else if (resource == KkpResources.Secrets && !state.IsConfigSecret(item.Metadata.NamespaceProperty, item.Metadata.Name))
        {
            return;
        }
        else
        {
            previous = state.Put(resource, item);
        }

        metrics.Objects.WithLabels(seed, resource.Name).Set(state.Count(resource));
        LogChange(logger, seed, resource.Kind, item.Key, type.ToString(), item.Metadata.ResourceVersion);
        if (resource == KkpResources.Clusters)
        {
            await PublishAsync(seed, KkpObjectMapper.Cluster(item, seed), resource, item, cancellationToken);
            if (type != WatchEventType.Deleted)
            {
                await EnsureFinalizerAsync(client, seed, item, cancellationToken);
            }
        }
        else if (resource == KkpResources.Projects)
        {
            await PublishAsync(seed, KkpObjectMapper.Project(item, state.Of(KkpResources.UserProjectBindings)), resource, item, cancellationToken);
        }
        else if (resource == KkpResources.UserProjectBindings)
        {
            foreach (var projectId in new[] { ProjectOf(previous), ProjectOf(item) }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (state.Get(KkpResources.Projects, projectId) is { } project)
                {
                    await PublishAsync(seed, KkpObjectMapper.Project(project, state.Of(KkpResources.UserProjectBindings)), resource, item, cancellationToken);
                }
            }
        }
        else if (resource == KkpResources.Users)
        {
            await PublishAsync(seed, KkpObjectMapper.User(item), resource, item, cancellationToken);
        }
        else if (resource == KkpResources.RuleGroups)
        {
            await PublishAsync(seed, KkpObjectMapper.RuleGroup(item), resource, item, cancellationToken);
        }
        else if (resource == KkpResources.MlaAdminSettings)
        {
            await PublishAsync(seed, KkpObjectMapper.MlaSettings(item), resource, item, cancellationToken);
        }
        else if (resource == KkpResources.Alertmanagers)
        {
            await PublishAlertmanagerAsync(client, seed, state, item, cancellationToken);
        }
        else if (resource == KkpResources.Secrets)
        {
            var owners = state.Of(KkpResources.Alertmanagers)
                .Where(am => am.Metadata.NamespaceProperty == item.Metadata.NamespaceProperty && KkpObjectMapper.ConfigSecretName(am) == item.Metadata.Name)
                .ToList();
            foreach (var alertmanager in owners)
            {
                await PublishAlertmanagerAsync(client, seed, state, alertmanager, cancellationToken);
            }
        }
    }

    private async Task PublishAlertmanagerAsync(IKubernetes client, string seed, SeedObjects state, KkpObject alertmanager, CancellationToken cancellationToken)
    {
        var ns = alertmanager.Metadata.NamespaceProperty;
        KkpObject? secret = null;
        if (KkpObjectMapper.ConfigSecretName(alertmanager) is { } secretName)
        {
            secret = state.Get(KkpResources.Secrets, $"{ns}/{secretName}");
            if (secret is null && !alertmanager.IsDeleting)
            {
                // Named only now: not kept from the Secret list, so read it once; the watch keeps it from here on.
                secret = await KkpResourceClient.ReadSecretAsync(client, ns, secretName, cancellationToken);
                if (secret is not null)
                {
                    state.Put(KkpResources.Secrets, secret);
                }
            }
        }

        var desired = KkpObjectMapper.Alertmanager(alertmanager, secret, KkpObjectMapper.ClusterOfNamespace(ns, state));
        if (desired is null)
        {
            LogAlertmanagerWaiting(logger, seed, alertmanager.Key);
            return;
        }

        await publisher.PublishIfChangedAsync(seed, desired, cancellationToken);
    }

    private async Task HandleRelistAsync(IKubernetes client, string seed, SeedObjects state, KkpKindRelisted relisted, CancellationToken cancellationToken)
    {
        var resource = relisted.Resource;
        state.Replace(resource, resource == KkpResources.Secrets
            ? relisted.Objects.Where(s => state.IsConfigSecret(s.Metadata.NamespaceProperty, s.Metadata.Name))
            : relisted.Objects);
        metrics.Objects.WithLabels(seed, resource.Name).Set(state.Count(resource));
        var kind = resource == KkpResources.Clusters ? ObjectKind.Cluster
            : resource == KkpResources.Projects || resource == KkpResources.UserProjectBindings ? ObjectKind.Project
            : resource == KkpResources.RuleGroups ? ObjectKind.RuleGroup
            : resource == KkpResources.MlaAdminSettings ? ObjectKind.MlaSettings
            : resource == KkpResources.Users ? ObjectKind.User
            : ObjectKind.AlertmanagerConfig;
        var published = await ReconcileKindAsync(seed, state, kind, cancellationToken);
        LogRelisted(logger, seed, resource.Name, relisted.Objects.Count, published);
        if (kind == ObjectKind.Cluster)
        {
            foreach (var cluster in state.Of(KkpResources.Clusters).ToList())
            {
                await EnsureFinalizerAsync(client, seed, cluster, cancellationToken);
            }
        }
    }

    private async Task<int> ReconcileKindAsync(string seed, SeedObjects state, ObjectKind kind, CancellationToken cancellationToken)
    {
        var untouchable = new HashSet<string>(StringComparer.Ordinal);
        var desired = new List<DesiredObject>();
        switch (kind)
        {
            case ObjectKind.Cluster:
                foreach (var cluster in state.Of(KkpResources.Clusters))
                {
                    Add(KkpObjectMapper.Cluster(cluster, seed), KkpResources.Clusters, cluster, cluster.Metadata.Name);
                }

                break;
            case ObjectKind.Project:
                desired.AddRange(state.Of(KkpResources.Projects).Select(p => KkpObjectMapper.Project(p, state.Of(KkpResources.UserProjectBindings))));
                break;
            case ObjectKind.RuleGroup:
                foreach (var group in state.Of(KkpResources.RuleGroups))
                {
                    Add(KkpObjectMapper.RuleGroup(group), KkpResources.RuleGroups, group, null);
                }

                break;
            case ObjectKind.User:
                foreach (var user in state.Of(KkpResources.Users))
                {
                    Add(KkpObjectMapper.User(user), KkpResources.Users, user, null);
                }

                break;
            case ObjectKind.MlaSettings:
                foreach (var setting in state.Of(KkpResources.MlaAdminSettings))
                {
                    Add(KkpObjectMapper.MlaSettings(setting), KkpResources.MlaAdminSettings, setting, null);
                }

                break;
            case ObjectKind.AlertmanagerConfig:
                foreach (var alertmanager in state.Of(KkpResources.Alertmanagers))
                {
                    var clusterId = KkpObjectMapper.ClusterOfNamespace(alertmanager.Metadata.NamespaceProperty, state);
                    var secret = KkpObjectMapper.ConfigSecretName(alertmanager) is { } name ? state.Get(KkpResources.Secrets, $"{alertmanager.Metadata.NamespaceProperty}/{name}") : null;
                    if (KkpObjectMapper.Alertmanager(alertmanager, secret, clusterId) is { } item)
                    {
                        desired.Add(item);
                    }
                    else if (clusterId is not null)
                    {
                        untouchable.Add(clusterId); // its Secret is missing: keep what the catalog has
                    }
                }

                break;
        }

        return await publisher.ReconcileKindAsync(seed, kind, desired, untouchable, cancellationToken);

        void Add(DesiredObject? item, KkpResource resource, KkpObject source, string? keyIfUnusable)
        {
            if (item is not null)
            {
                desired.Add(item);
                return;
            }

            Unusable(seed, resource, source);
            if (keyIfUnusable is not null)
            {
                untouchable.Add(keyIfUnusable);
            }
        }
    }

    private async Task PublishAsync(string seed, DesiredObject? desired, KkpResource resource, KkpObject source, CancellationToken cancellationToken)
    {
        if (desired is null)
        {
            Unusable(seed, resource, source);
            return;
        }

        await publisher.PublishIfChangedAsync(seed, desired, cancellationToken);
    }

    private async Task EnsureFinalizerAsync(IKubernetes client, string seed, KkpObject cluster, CancellationToken cancellationToken)
    {
        var name = cluster.Metadata.Name;
        var mlaOn = KkpObjectMapper.MlaEnabled(cluster);
        var has = ClusterFinalizer.Has(cluster);
        if (!has && mlaOn && !cluster.IsDeleting && KkpObjectMapper.Cluster(cluster, seed) is not null)
        {
            await finalizer.AddAsync(client, seed, cluster, cancellationToken);
            return;
        }

        if (!has || (mlaOn && !cluster.IsDeleting))
        {
            return;
        }

        // The cluster's own event must be out first (its deletion, or MLA off), then the barrier must hold.
        var entry = await catalog.GetAsync(ObjectKind.Cluster, name, cancellationToken);
        var published = cluster.IsDeleting ? entry is { Deleted: true } : entry is not null;
        var barrier = options.Value.Kkp.CleanupBarrierServices;
        if (!published || !await cleanups.IsCleanAsync(name, barrier, cancellationToken))
        {
            LogWaitingOnBarrier(logger, seed, name, string.Join(",", barrier));
            return;
        }

        await finalizer.RemoveAsync(client, seed, cluster, cancellationToken);
    }

    private void Unusable(string seed, KkpResource resource, KkpObject item)
    {
        metrics.Errors.WithLabels(seed, resource.Name, "unusable_object").Inc();
        LogUnusable(logger, seed, resource.Kind, item.Key);
    }

    private static string? ProjectOf(KkpObject? binding) =>
        binding?.Spec is { ValueKind: System.Text.Json.JsonValueKind.Object } spec && spec.TryGetProperty("projectID", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String
            ? id.GetString()
            : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seed {Seed}: {Kind} {Object} {ChangeType} (resourceVersion {ResourceVersion})")]
    private static partial void LogChange(ILogger logger, string seed, string kind, string @object, string changeType, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Seed}: relisted {Count} {Kind}; {Published} differences published")]
    private static partial void LogRelisted(ILogger logger, string seed, string kind, int count, int published);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {Seed}: {Kind} {Object} lacks a field MLA needs (a Cluster its project-id label, a RuleGroup spec.cluster.name and ruleGroupType, an MLAAdminSetting spec.clusterName); ignored")]
    private static partial void LogUnusable(ILogger logger, string seed, string kind, string @object);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seed {Seed}: Alertmanager {Object} waits for its configuration Secret")]
    private static partial void LogAlertmanagerWaiting(ILogger logger, string seed, string @object);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seed {Seed}: cluster {ClusterId} keeps its finalizer until {Barrier} reported it cleaned up")]
    private static partial void LogWaitingOnBarrier(ILogger logger, string seed, string clusterId, string barrier);
}

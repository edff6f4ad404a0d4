using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Tenants;
using Mla.IntegrationTests.Webhooks;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.KkpWatch;
using Mla.TestSupport;

namespace Mla.IntegrationTests.KkpWatch;

/// <summary>
/// A seed (the Kubernetes API test server with KKP's CRDs) watched by Mla.Webhooks, events over a real RabbitMQ,
/// tenants out of Mla.Tenants: the watch drives tenants exactly as webhooks do, and MLA's finalizer holds a deleted
/// cluster until the tenant service reported it cleaned up.
/// </summary>
[Collection(TenantsCollection.Name)]
public sealed class KkpWatchToTenantsTests(TenantsBroker rabbit) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-kkp-watch-").FullName;
    private KkpSeed _seed = null!;
    private TenantsTestApp _tenants = null!;

    private string CatalogPath => Path.Combine(_directory, "catalog.db");

    public async Task InitializeAsync()
    {
        _seed = await KkpSeed.StartAsync();
        _tenants = await TenantsTestApp.StartAsync(BusSettings.RabbitMq(rabbit.Server));
    }

    public async Task DisposeAsync()
    {
        await _tenants.DisposeAsync();
        await _seed.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Apply_patch_and_delete_drive_the_tenant_and_the_deleted_cluster_waits_for_its_cleanup()
    {
        await using var webhooks = await StartWebhooksAsync();
        var id = ExampleEvent.NewClusterId();

        await _seed.ApplyAsync(KkpSeed.Cluster(id, "proj-a", monitoring: true));
        var ready = await _tenants.WaitForStatusAsync(id, "Ready");
        Assert.Equal(_seed.Name, ready.GetProperty("seed").GetString());
        Assert.Equal("proj-a", ready.GetProperty("projectId").GetString());
        await WaitForFinalizerAsync(id, present: true);

        // MLA off: the tenant is deprovisioned, and MLA lets go of the cluster (as KKP's own MLA controller does).
        await _seed.PatchMlaAsync(id, monitoring: false);
        await _tenants.WaitForStatusAsync(id, "Deleted");
        await WaitForFinalizerAsync(id, present: false);

        await _seed.PatchMlaAsync(id, monitoring: true);
        await _tenants.WaitForStatusAsync(id, "Ready");
        await WaitForFinalizerAsync(id, present: true);

        using var recorder = await ClusterRecorder.StartAsync(_seed.Kubeconfig, id);
        await _seed.DeleteAsync(id);
        var deleted = await _tenants.WaitForStatusAsync(id, "Deleted");
        await Eventually.WaitAsync(
            () => Task.FromResult(_seed.GetCluster(id)), cluster => cluster is null, TimeSpan.FromSeconds(60),
            cluster => $"cluster {id} still exists with finalizers [{string.Join(", ", KkpSeed.FinalizersOf(cluster))}]");
        var gone = await recorder.WaitForDeletedAsync();

        // The object was held by MLA's finalizer while being deleted, and went only after the tenant was Deleted.
        Assert.Contains(recorder.Versions, v => v.Deleting && v.Finalizers.Contains(KkpSeed.MlaFinalizer));
        var tenantDeletedAt = deleted.GetProperty("statusChangedAt").GetDateTimeOffset();
        Assert.True(gone >= tenantDeletedAt, $"the cluster was gone at {gone:O}, before its tenant was Deleted at {tenantDeletedAt:O}");
        Assert.Equal(HttpStatusCode.NotFound, (await webhooks.Http.GetAsync(new Uri($"/api/v1/clusters/{id}", UriKind.Relative))).StatusCode);
        var entry = await webhooks.Service<IFleetCatalog>().GetAsync(ObjectKind.Cluster, id, CancellationToken.None);
        Assert.Equal(Mla.Webhooks.CloudEvents.KkpEventTypes.ClusterDeleted, entry!.KkpType);
    }

    [Fact]
    public async Task A_cluster_deleted_while_mla_was_stopped_is_noticed_at_the_next_list()
    {
        var id = ExampleEvent.NewClusterId();
        await using (await StartWebhooksAsync())
        {
            await _seed.ApplyAsync(KkpSeed.Cluster(id, "proj-b", monitoring: true));
            await _tenants.WaitForStatusAsync(id, "Ready");
            await WaitForFinalizerAsync(id, present: true);
        }

        // MLA is stopped: the deletion waits on its finalizer, until someone takes the finalizer off by hand.
        await _seed.DeleteAsync(id);
        Assert.Contains(KkpSeed.MlaFinalizer, KkpSeed.FinalizersOf(_seed.GetCluster(id)));
        await _seed.KubectlAsync("patch", "clusters.kubermatic.k8c.io", id, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");
        Assert.Null(_seed.GetCluster(id));

        await using var restarted = await StartWebhooksAsync();
        await _tenants.WaitForStatusAsync(id, "Deleted");
        Assert.Equal(1, Published(restarted, ObjectKind.Cluster));
    }

    [Fact]
    public async Task A_watch_cut_with_410_lists_again_and_publishes_only_the_differences()
    {
        await using var webhooks = await StartWebhooksAsync();
        var ids = Enumerable.Range(0, 4).Select(_ => ExampleEvent.NewClusterId()).ToArray();
        foreach (var id in ids[..3])
        {
            _seed.Server.Create(KkpSeed.Cluster(id, "proj-c", monitoring: true));
        }

        foreach (var id in ids[..3])
        {
            await _tenants.WaitForStatusAsync(id, "Ready");
            await WaitForFinalizerAsync(id, present: true);
        }

        var publishedBefore = Published(webhooks, ObjectKind.Cluster);
        var relistsBefore = Metrics(webhooks).Relists.WithLabels(_seed.Name, "clusters").Value;

        // While the seed's API cannot be reached, one cluster gets MLA off, one is deleted and one is created; then
        // the watch history is gone, so the resumed watch gets 410 and must list.
        _seed.Server.Unavailable = true;
        _seed.Server.CloseWatches();
        var off = KkpSeed.Cluster(ids[0], "proj-c", monitoring: false, KkpSeed.MlaFinalizer);
        _seed.Server.Apply(new JsonObject { ["apiVersion"] = KkpSeed.ApiVersion, ["kind"] = "Cluster", ["metadata"] = new JsonObject { ["name"] = ids[0] }, ["spec"] = off["spec"]!.DeepClone() });
        _seed.Server.Delete(KkpSeed.ApiVersion, "Cluster", null, ids[1]);
        _seed.Server.Create(KkpSeed.Cluster(ids[3], "proj-c", monitoring: true));
        _seed.Server.ExpireHistory();
        _seed.Server.Unavailable = false;

        await _tenants.WaitForStatusAsync(ids[0], "Deleted");
        await _tenants.WaitForStatusAsync(ids[1], "Deleted");
        await _tenants.WaitForStatusAsync(ids[3], "Ready");
        await WaitForFinalizerAsync(ids[0], present: false);
        await Eventually.WaitAsync(() => Task.FromResult(_seed.GetCluster(ids[1])), c => c is null, TimeSpan.FromSeconds(60), _ => $"{ids[1]} still exists");
        await WaitForFinalizerAsync(ids[3], present: true);

        Assert.True(Metrics(webhooks).Relists.WithLabels(_seed.Name, "clusters").Value > relistsBefore, "the clusters were not listed again");
        Assert.Equal(3, Published(webhooks, ObjectKind.Cluster) - publishedBefore);
    }

    [Fact]
    public async Task A_thousand_clusters_present_at_start_become_a_thousand_Ready_tenants_and_a_restart_publishes_nothing()
    {
        const int count = 1000;
        var prefix = "k" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < count; i++)
        {
            _seed.Server.Create(KkpSeed.Cluster($"{prefix}-{i:D4}", "proj-d", monitoring: true));
        }

        var clock = Stopwatch.StartNew();
        await using (var webhooks = await StartWebhooksAsync())
        {
            await Eventually.WaitAsync(
                () => ReadyTenantsAsync(), ready => ready == count, TimeSpan.FromMinutes(5), ready => $"{ready} of {count} tenants Ready");
            ServerAnnouncement.Write($"kkp watch: {count} Cluster objects present at start → {count} tenants Ready in {clock.Elapsed.TotalSeconds:0.0} s");
            await Eventually.WaitAsync(
                () => Task.FromResult(_seed.Server.List(KkpSeed.ApiVersion, "Cluster").Count(c => KkpSeed.FinalizersOf(c).Contains(KkpSeed.MlaFinalizer))),
                held => held == count, TimeSpan.FromMinutes(2), held => $"{held} of {count} clusters hold MLA's finalizer");
            Assert.Equal(count, Published(webhooks, ObjectKind.Cluster));
        }

        await using var restarted = await StartWebhooksAsync();
        await Eventually.WaitAsync(
            () => Task.FromResult(Metrics(restarted).Synced.WithLabels(_seed.Name).Value), synced => synced == 1, TimeSpan.FromMinutes(2), _ => "the restarted watch has not caught up");
        var published = Enum.GetValues<ObjectKind>().Sum(kind => Published(restarted, kind));
        ServerAnnouncement.Write($"kkp watch: restarted over {count} unchanged clusters → {published} events published");
        Assert.Equal(0, published);
        Assert.Equal(0, await restarted.MetricAsync("mla_webhooks_events_total{type=\"io.kubermatic.cluster.updated\",outcome=\"accepted\"}"));
    }

    [Fact]
    public async Task Projects_bindings_rule_groups_alertmanager_secrets_and_admin_settings_reach_the_catalog_as_their_webhooks_would()
    {
        await using var webhooks = await StartWebhooksAsync();
        var catalog = webhooks.Service<IFleetCatalog>();
        var id = ExampleEvent.NewClusterId();
        var project = "p" + Guid.NewGuid().ToString("N")[..8];
        var ns = $"cluster-{id}";
        _seed.Server.Create(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        _seed.Server.Create(Parse($$$$"""{"apiVersion":"{{{{KkpSeed.ApiVersion}}}}","kind":"Project","metadata":{"name":"{{{{project}}}}"},"spec":{"name":"payments"}}"""));
        _seed.Server.Create(Binding("b1-" + project, "owner@example.com", $"owners-{project}", project));
        _seed.Server.Create(KkpSeed.Cluster(id, project, monitoring: true));
        var rules = Convert.ToBase64String("name: node\nrules: []\n"u8.ToArray());
        _seed.Server.Create(Parse($$$$"""{"apiVersion":"{{{{KkpSeed.ApiVersion}}}}","kind":"RuleGroup","metadata":{"name":"node","namespace":"{{{{ns}}}}"},"spec":{"ruleGroupType":"Metrics","cluster":{"name":"{{{{id}}}}"},"data":"{{{{rules}}}}"}}"""));
        _seed.Server.Create(Secret(ns, "route: {receiver: a}\n"));
        _seed.Server.Create(Parse($$$$"""{"apiVersion":"{{{{KkpSeed.ApiVersion}}}}","kind":"Alertmanager","metadata":{"name":"alertmanager","namespace":"{{{{ns}}}}"},"spec":{"configSecret":{"name":"alertmanager"}}}"""));
        _seed.Server.Create(Parse($$$$"""{"apiVersion":"{{{{KkpSeed.ApiVersion}}}}","kind":"MLAAdminSetting","metadata":{"name":"mla-admin-setting","namespace":"{{{{ns}}}}"},"spec":{"clusterName":"{{{{id}}}}","monitoringRateLimits":{"ingestionRate":100}}}"""));

        await WaitForEntryAsync(catalog, ObjectKind.Project, project, e => e.StateJson.Contains("owner@example.com", StringComparison.Ordinal));
        await WaitForEntryAsync(catalog, ObjectKind.RuleGroup, $"{id}/node", e => e.StateJson.Contains("rules: []", StringComparison.Ordinal) && e.Seed == _seed.Name);
        await WaitForEntryAsync(catalog, ObjectKind.AlertmanagerConfig, id, e => e.StateJson.Contains("receiver: a", StringComparison.Ordinal));
        await WaitForEntryAsync(catalog, ObjectKind.MlaSettings, id, e => e.StateJson.Contains("\"ingestionRate\":100", StringComparison.Ordinal));

        // A new binding is a membership change; a new Secret content a new configuration; a deleted group its deletion.
        _seed.Server.Create(Binding("b2-" + project, "viewer@example.com", $"viewers-{project}", project));
        var secret = _seed.Server.Get("v1", "Secret", ns, "alertmanager")!;
        secret["data"] = Secret(ns, "route: {receiver: b}\n")["data"]!.DeepClone();
        _seed.Server.Update(secret);
        _seed.Server.Delete(KkpSeed.ApiVersion, "RuleGroup", ns, "node");

        var members = await WaitForEntryAsync(catalog, ObjectKind.Project, project, e => e.StateJson.Contains("viewer@example.com", StringComparison.Ordinal));
        Assert.Equal(Mla.Webhooks.CloudEvents.KkpEventTypes.ProjectMembersChanged, members.KkpType);
        await WaitForEntryAsync(catalog, ObjectKind.AlertmanagerConfig, id, e => e.StateJson.Contains("receiver: b", StringComparison.Ordinal));
        var group = await WaitForEntryAsync(catalog, ObjectKind.RuleGroup, $"{id}/node", e => e.Deleted);
        Assert.Equal(Mla.Webhooks.CloudEvents.KkpEventTypes.RuleGroupDeleted, group.KkpType);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Binding(string name, string email, string group, string project) => Parse(
        $$$$"""{"apiVersion":"{{{{KkpSeed.ApiVersion}}}}","kind":"UserProjectBinding","metadata":{"name":"{{{{name}}}}"},"spec":{"userEmail":"{{{{email}}}}","group":"{{{{group}}}}","projectID":"{{{{project}}}}"}}""");

    private static JsonObject Secret(string ns, string yaml) => Parse(
        $$$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"alertmanager","namespace":"{{{{ns}}}}"},"data":{"alertmanager.yaml":"{{{{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(yaml))}}}}"}}""");

    private static Task<CatalogEntry> WaitForEntryAsync(IFleetCatalog catalog, ObjectKind kind, string key, Func<CatalogEntry, bool> done) => Eventually.WaitAsync(
        async () => (await catalog.GetAsync(kind, key, CancellationToken.None))!,
        entry => entry is not null && done(entry),
        TimeSpan.FromSeconds(60),
        entry => $"{kind} {key} in the catalog: {entry?.KkpType} {entry?.StateJson}");

    private async Task<WebhooksTestApp> StartWebhooksAsync()
    {
        var settings = BusSettings.RabbitMq(rabbit.Server);
        foreach (var (key, value) in _seed.WatchSettings(CatalogPath))
        {
            settings[key] = value;
        }

        return await WebhooksTestApp.StartAsync(settings);
    }

    private static KkpWatchMetrics Metrics(WebhooksTestApp webhooks) => webhooks.Service<KkpWatchMetrics>();

    private double Published(WebhooksTestApp webhooks, ObjectKind kind) => Metrics(webhooks).Published.WithLabels(_seed.Name, kind.ToString()).Value;

    private async Task<int> ReadyTenantsAsync()
    {
        var tenants = await _tenants.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/tenants?seed={_seed.Name}&status=Ready", UriKind.Relative));
        return tenants.ValueKind == JsonValueKind.Array ? tenants.GetArrayLength() : tenants.GetProperty("items").GetArrayLength();
    }

    private Task<IReadOnlyList<string>> WaitForFinalizerAsync(string id, bool present) => Eventually.WaitAsync(
        () => Task.FromResult(KkpSeed.FinalizersOf(_seed.GetCluster(id))),
        finalizers => finalizers.Contains(KkpSeed.MlaFinalizer) == present,
        TimeSpan.FromSeconds(60),
        finalizers => $"cluster {id} has finalizers [{string.Join(", ", finalizers)}]; expected MLA's {(present ? "present" : "absent")}");

    /// <summary>Every version of one cluster as a KubernetesClient watch sees it, with the time it arrived.</summary>
    private sealed class ClusterRecorder : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<DateTimeOffset> _deleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly k8s.Kubernetes _client;
        private readonly List<(bool Deleting, IReadOnlyList<string> Finalizers)> _versions = [];

        private ClusterRecorder(k8s.Kubernetes client) => _client = client;

        public IReadOnlyList<(bool Deleting, IReadOnlyList<string> Finalizers)> Versions
        {
            get
            {
                lock (_versions)
                {
                    return _versions.ToList();
                }
            }
        }

        public static async Task<ClusterRecorder> StartAsync(string kubeconfig, string id)
        {
            var recorder = new ClusterRecorder(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)));
            var list = await recorder._client.CustomObjects.ListClusterCustomObjectAsync<KkpObjectList>(
                KkpResources.Group, KkpResources.Version, KkpResources.Clusters.Plural, fieldSelector: $"metadata.name={id}");
            _ = recorder.RecordAsync(id, list.Metadata.ResourceVersion);
            return recorder;
        }

        public async Task<DateTimeOffset> WaitForDeletedAsync() => await _deleted.Task.WaitAsync(TimeSpan.FromSeconds(60));

        private async Task RecordAsync(string id, string resourceVersion)
        {
            try
            {
#pragma warning disable CS0618 // the typed watch over a list response, as the service itself uses it
                var watch = _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KkpObjectList>(
                    KkpResources.Group, KkpResources.Version, KkpResources.Clusters.Plural, fieldSelector: $"metadata.name={id}",
                    resourceVersion: resourceVersion, watch: true, cancellationToken: _stop.Token);
                await foreach (var (type, item) in watch.WatchAsync<KkpObject, KkpObjectList>(_ => { }, _stop.Token))
#pragma warning restore CS0618
                {
                    lock (_versions)
                    {
                        _versions.Add((item.IsDeleting, item.Metadata.Finalizers?.ToList() ?? []));
                    }

                    if (type == WatchEventType.Deleted)
                    {
                        _deleted.TrySetResult(DateTimeOffset.UtcNow);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                _deleted.TrySetException(ex);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _client.Dispose();
            _stop.Dispose();
        }
    }
}

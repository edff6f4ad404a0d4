using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Export;
using YamlDotNet.Serialization;

namespace Mla.Exporters.Live;

/// <summary>
/// Live mode: GET what MLA holds in the cluster (one list per kind, by the managed-by label), compare, and write only
/// what differs (server-side apply, forcing ownership back: a hand edit is drift and is repaired); delete what is
/// MLA's and no longer desired. Health from the workloads' status in the same lists, so an idle pass only reads.
/// </summary>
public sealed class LiveTarget(
    IOptions<ExportersOptions> options,
    IKubeconfigSource kubeconfigs,
    TimeProvider time,
    ILogger<LiveTarget> logger) : IAgentTarget
{
    private readonly ConcurrentDictionary<string, (string Kubeconfig, KubeApi Api)> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notReadySince = new(StringComparer.Ordinal);

    private LiveOptions Live => options.Value.Live;

    public async Task<ClusterFacts> InspectAsync(string seed, string clusterId, CancellationToken cancellationToken)
    {
        var api = await ClientAsync(seed, clusterId, cancellationToken);
        var nodeExporter = await api.ListAsync(KubeKinds.DaemonSet, null, $"{ManagedLabels.NameKey}=node-exporter,{ManagedLabels.ManagedByKey}!={ManagedLabels.ManagedByValue}", cancellationToken);
        var kubeStateMetrics = await api.ListAsync(KubeKinds.Deployment, null, $"{ManagedLabels.NameKey}=kube-state-metrics,{ManagedLabels.ManagedByKey}!={ManagedLabels.ManagedByValue}", cancellationToken);
        var extra = new List<JsonObject>();
        var configMaps = await api.ListAsync(KubeKinds.ConfigMap, ManagedLabels.Namespace, ManagedLabels.ScrapeConfigLabel + "=true", cancellationToken);
        foreach (var configMap in configMaps.OrderBy(c => c["metadata"]!["name"]!.GetValue<string>(), StringComparer.Ordinal))
        {
            foreach (var (key, value) in (configMap["data"] as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                extra.AddRange(ParseScrapeConfigs(clusterId, configMap["metadata"]!["name"]!.GetValue<string>() + "/" + key, value?.GetValue<string>() ?? ""));
            }
        }

        return new ClusterFacts(nodeExporter.Count > 0, kubeStateMetrics.Count > 0, extra);
    }

    public async Task<ExportOutcome> ApplyAsync(string seed, string clusterId, IReadOnlyList<JsonObject> objects, CancellationToken cancellationToken)
    {
        var api = await ClientAsync(seed, clusterId, cancellationToken);
        var live = await ListManagedAsync(api, cancellationToken);
        var writes = 0;
        var desiredKeys = new HashSet<string>(StringComparer.Ordinal);
        var changedWorkloads = false;
        var workloads = new List<JsonObject>();
        try
        {
            foreach (var obj in objects)
            {
                var key = Key(obj);
                desiredKeys.Add(key);
                var current = live.GetValueOrDefault(key);
                if (current is not null && LiveComparison.Holds(current, obj))
                {
                    if (KubeKinds.IsWorkload(KindOf(obj)))
                    {
                        workloads.Add(current);
                    }

                    continue;
                }

                logger.LogInformation("Cluster {Cluster}: {Action} {Kind} {Name}", clusterId, current is null ? "creating" : "updating", obj["kind"], obj["metadata"]!["name"]);
                var applied = await api.ApplyAsync(obj, cancellationToken);
                writes++;
                if (KubeKinds.IsWorkload(KindOf(obj)))
                {
                    changedWorkloads = true;
                    workloads.Add(applied);
                }
            }

            // Prune: MLA's objects no longer desired (the namespace stays while anything is desired).
            foreach (var (key, obj) in live.Where(kv => !desiredKeys.Contains(kv.Key)))
            {
                logger.LogInformation("Cluster {Cluster}: deleting {Kind} {Name} (no longer desired)", clusterId, obj["kind"], obj["metadata"]!["name"]);
                await api.DeleteAsync(KindOf(obj), obj["metadata"]?["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>(), cancellationToken);
                writes++;
            }
        }
        catch (KubeApiException ex)
        {
            return new ExportOutcome(AgentStatus.Degraded, "the cluster refused an object: " + ex.Message, writes);
        }

        var (status, reason) = changedWorkloads ? (AgentStatus.Progressing, "agents updated; waiting for them to be ready") : Health(clusterId, workloads);
        return new ExportOutcome(status, reason, writes);
    }

    public async Task<ExportOutcome> RemoveAsync(string seed, string clusterId, CancellationToken cancellationToken)
    {
        if (await kubeconfigs.GetAsync(seed, clusterId, cancellationToken) is null)
        {
            // The cluster (and its kubeconfig) is gone: nothing left to remove from.
            return new ExportOutcome(AgentStatus.Removed, "the cluster has no kubeconfig any more", 0);
        }

        var api = await ClientAsync(seed, clusterId, cancellationToken);

        var writes = 0;
        try
        {
            var live = await ListManagedAsync(api, cancellationToken);
            foreach (var obj in live.Values.OrderByDescending(o => KubeKinds.Managed.ToList().IndexOf(KindOf(o))))
            {
                await api.DeleteAsync(KindOf(obj), obj["metadata"]?["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>(), cancellationToken);
                writes++;
            }

            // Check that it is gone (a namespace may be terminating for a while: the next pass looks again).
            var left = await ListManagedAsync(api, cancellationToken);
            if (left.Count > 0)
            {
                return new ExportOutcome(AgentStatus.Progressing, $"removing: {left.Count} object(s) still present", writes);
            }
        }
        catch (KubeApiException ex)
        {
            return new ExportOutcome(AgentStatus.Degraded, "removal refused: " + ex.Message, writes);
        }

        if (_clients.TryRemove(clusterId, out var client))
        {
            client.Api.Dispose();
        }

        return new ExportOutcome(AgentStatus.Removed, null, writes);
    }

    public void Prune(IReadOnlySet<(string Seed, string ClusterId)> keep)
    {
    }

    private static async Task<Dictionary<string, JsonObject>> ListManagedAsync(KubeApi api, CancellationToken cancellationToken)
    {
        var live = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var kind in KubeKinds.Managed)
        {
            foreach (var obj in await api.ListAsync(kind, kind.Namespaced ? ManagedLabels.Namespace : null, ManagedLabels.ManagedBySelector, cancellationToken))
            {
                live[Key(obj)] = obj;
            }
        }

        return live;
    }

    /// <summary>Healthy when every workload observed its generation and has all replicas updated and ready; Degraded after the health timeout.</summary>
    private (AgentStatus, string?) Health(string clusterId, List<JsonObject> workloads)
    {
        var now = time.GetUtcNow();
        var waiting = new List<string>();
        foreach (var workload in workloads)
        {
            var name = workload["metadata"]!["name"]!.GetValue<string>();
            var key = clusterId + "/" + name;
            var (ready, detail) = WorkloadReady(workload);
            if (ready)
            {
                _notReadySince.TryRemove(key, out _);
                continue;
            }

            var since = _notReadySince.GetOrAdd(key, now);
            if (now - since >= Live.HealthTimeout)
            {
                return (AgentStatus.Degraded, $"{workload["kind"]} {name}: {detail} for {(int)(now - since).TotalSeconds}s");
            }

            waiting.Add($"{workload["kind"]} {name}: {detail}");
        }

        return waiting.Count == 0 ? (AgentStatus.Healthy, null) : (AgentStatus.Progressing, string.Join("; ", waiting));
    }

    private static (bool Ready, string Detail) WorkloadReady(JsonObject workload)
    {
        var generation = Long(workload["metadata"]?["generation"]);
        var status = workload["status"] as JsonObject ?? [];
        if (Long(status["observedGeneration"]) < generation)
        {
            return (false, "generation not observed yet");
        }

        var (desired, updated, ready) = workload["kind"]!.GetValue<string>() switch
        {
            "DaemonSet" => (Long(status["desiredNumberScheduled"]), Long(status["updatedNumberScheduled"]), Long(status["numberReady"])),
            "Deployment" => (Long(workload["spec"]?["replicas"], 1), Long(status["updatedReplicas"]), Long(status["availableReplicas"])),
            _ => (Long(workload["spec"]?["replicas"], 1), Long(status["updatedReplicas"]), Long(status["readyReplicas"])),
        };
        return updated >= desired && ready >= desired ? (true, "") : (false, $"{ready}/{desired} ready, {updated}/{desired} updated");
    }

    private static long Long(JsonNode? node, long fallback = 0) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), out var n) ? n : fallback;

    private async Task<KubeApi> ClientAsync(string seed, string clusterId, CancellationToken cancellationToken)
    {
        var kubeconfig = await kubeconfigs.GetAsync(seed, clusterId, cancellationToken)
            ?? throw new ClusterUnreachableException("no kubeconfig for the cluster (yet)");
        if (_clients.TryGetValue(clusterId, out var cached) && cached.Kubeconfig == kubeconfig)
        {
            return cached.Api;
        }

        var api = KubeApi.FromKubeconfig(kubeconfig, Live.RequestTimeout);
        if (_clients.TryGetValue(clusterId, out var previous))
        {
            previous.Api.Dispose();
        }

        _clients[clusterId] = (kubeconfig, api);
        return api;
    }

    private static List<JsonObject> ParseScrapeConfigs(string clusterId, string source, string text)
    {
        try
        {
            var data = new DeserializerBuilder().Build().Deserialize<object>(text);
            var items = data is List<object> list ? list : data is Dictionary<object, object> map && map.TryGetValue("scrape_configs", out var inner) && inner is List<object> l ? l : [];
            return items.Select(ToNode).OfType<JsonObject>().Where(j => j["job_name"] is JsonValue).ToList();
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return [];
        }
    }

    /// <summary>YAML scalars come as strings; numbers and booleans are given back their type for the agent's config.</summary>
    private static JsonNode? ToNode(object? data) => data switch
    {
        Dictionary<object, object> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key.ToString()!, ToNode(kv.Value)))),
        List<object> list => new JsonArray(list.Select(ToNode).ToArray()),
        string text when long.TryParse(text, out var n) => JsonValue.Create(n),
        string text when text is "true" or "false" => JsonValue.Create(text == "true"),
        string text => JsonValue.Create(text),
        _ => null,
    };

    private static string Key(JsonObject obj) =>
        $"{obj["kind"]}/{obj["metadata"]?["namespace"]?.GetValue<string>()}/{obj["metadata"]!["name"]!.GetValue<string>()}";

    private static KubeKind KindOf(JsonObject obj) => KubeKinds.Of(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>());
}

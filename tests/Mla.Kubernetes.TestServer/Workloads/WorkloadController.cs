using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Workloads;

/// <summary>
/// The simulated deployment, daemonset and statefulset controllers and kubelets: <see cref="WorkloadSimulation.ReadyDelay"/>
/// after a workload's generation first appears, its pods (template labels, ownerReference, Running/Ready or not ready
/// for a failing image) and its status (observedGeneration, replica counts, conditions, revisions) are written, so that
/// <c>kubectl rollout status</c> and <c>kubectl wait --for=condition=Available</c> finish (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status).
/// </summary>
public sealed class WorkloadController(ObjectOperations ops, WorkloadSimulation simulation, int nodeCount)
{
    private static readonly WriteOptions Controller = new("kube-controller-manager");
    private readonly Dictionary<(string Uid, long Generation), DateTimeOffset> _firstSeen = [];

    /// <summary>One pass; returns how long until a workload's ready delay ends (null: nothing is waiting).</summary>
    public TimeSpan? Reconcile()
    {
        TimeSpan? nextDue = null;
        var store = ops.Store;
        lock (store.Gate)
        {
            var now = ops.Now;
            var live = new HashSet<(string, long)>();
            foreach (var plural in new[] { "deployments", "daemonsets", "statefulsets" })
            {
                var kind = ops.Kinds.Find("apps", "v1", plural)!;
                foreach (var (key, workload) in store.Scan("apps", plural, null).ToList())
                {
                    if (Json.IsDeleting(workload) || store.Find(new StoreKey("", "namespaces", "", key.Namespace)) is not { } ns || Json.IsDeleting(ns))
                    {
                        continue;
                    }
                    var generation = Json.Number(workload, "metadata", "generation") ?? 1;
                    var seenKey = (Json.Uid(workload), generation);
                    live.Add(seenKey);
                    if (!_firstSeen.TryGetValue(seenKey, out var first))
                    {
                        _firstSeen[seenKey] = first = now;
                    }
                    if (now - first < simulation.ReadyDelay)
                    {
                        var due = first + simulation.ReadyDelay - now;
                        nextDue = nextDue is { } earlier && earlier < due ? earlier : due;
                        continue;
                    }
                    ReconcileWorkload(kind, key, workload, generation, now);
                }
            }
            foreach (var stale in _firstSeen.Keys.Where(k => !live.Contains(k)).ToList())
            {
                _firstSeen.Remove(stale);
            }
        }
        return nextDue;
    }

    private void ReconcileWorkload(ResourceKind kind, StoreKey key, JsonObject workload, long generation, DateTimeOffset now)
    {
        var template = Json.At(workload, "spec", "template") as JsonObject ?? [];
        var hash = TemplateHash(template);
        var name = key.Name;
        var desired = kind.Kind switch
        {
            "DaemonSet" => [.. Enumerable.Range(1, nodeCount).Select(i => ($"{name}-{hash[..5]}-{i}", (string?)$"node-{i}"))],
            "StatefulSet" => [.. Enumerable.Range(0, (int)(Json.Number(workload, "spec", "replicas") ?? 1)).Select(i => ($"{name}-{i}", (string?)"node-1"))],
            _ => Enumerable.Range(0, (int)(Json.Number(workload, "spec", "replicas") ?? 1)).Select(i => ($"{name}-{hash}-{i}", (string?)"node-1")).ToList(),
        };
        var ready = EnsurePods(kind, workload, template, hash, desired, now);
        var status = kind.Kind switch
        {
            "Deployment" => DeploymentStatus(workload, generation, desired.Count, ready, $"{name}-{hash}", now),
            "DaemonSet" => DaemonSetStatus(generation, desired.Count, ready),
            _ => StatefulSetStatus(generation, desired.Count, ready, $"{name}-{hash}"),
        };
        if (!JsonNode.DeepEquals(workload["status"], status))
        {
            var updated = Json.Clone(workload);
            updated["status"] = status;
            ops.UpdateLocked(kind, key, workload, updated, Controller, "status", recordManager: false);
        }
    }

    /// <summary>Creates, refreshes and deletes the workload's pods; returns how many are ready.</summary>
    private int EnsurePods(ResourceKind ownerKind, JsonObject owner, JsonObject template, string hash, List<(string Name, string? Node)> desired, DateTimeOffset now)
    {
        var store = ops.Store;
        var podKind = ops.Kinds.Find("", "v1", "pods")!;
        var ns = Json.Namespace(owner);
        var uid = Json.Uid(owner);
        var owned = store.Scan("", "pods", ns)
            .Where(e => Json.At(e.Value, "metadata", "ownerReferences") is JsonArray refs && refs.Any(r => Json.Str(r, "uid") == uid))
            .ToDictionary(e => e.Key.Name, e => e);
        var hashLabel = ownerKind.Kind == "Deployment" ? "pod-template-hash" : "controller-revision-hash";
        var ready = 0;
        foreach (var (podName, node) in desired)
        {
            if (owned.Remove(podName, out var existing) && Json.Labels(existing.Value).GetValueOrDefault(hashLabel) == (ownerKind.Kind == "Deployment" ? hash : $"{Json.Name(owner)}-{hash}"))
            {
                var status = PodStatus(template, Json.Str(existing.Value, "metadata", "creationTimestamp") ?? Json.Timestamp(now));
                if (!JsonNode.DeepEquals(existing.Value["status"], status))
                {
                    var refreshed = Json.Clone(existing.Value);
                    refreshed["status"] = status;
                    ops.UpdateLocked(podKind, existing.Key, existing.Value, refreshed, Controller, "status", recordManager: false);
                }
                ready += IsReady(status) ? 1 : 0;
                continue;
            }
            if (existing.Value is not null)
            {
                ops.DeleteLocked(podKind, existing.Key, existing.Value, DeleteOptions.Default);
            }
            var labels = (template["metadata"]?["labels"]?.DeepClone() as JsonObject) ?? [];
            labels[hashLabel] = ownerKind.Kind == "Deployment" ? hash : $"{Json.Name(owner)}-{hash}";
            var spec = (template["spec"]?.DeepClone() as JsonObject) ?? [];
            spec["nodeName"] = node;
            var podStatus = PodStatus(template, Json.Timestamp(now));
            var pod = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = podName,
                    ["namespace"] = ns,
                    ["labels"] = labels,
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = ownerKind.ApiVersion,
                        ["kind"] = ownerKind.Kind,
                        ["name"] = Json.Name(owner),
                        ["uid"] = uid,
                        ["controller"] = true,
                        ["blockOwnerDeletion"] = true,
                    }),
                },
                ["spec"] = spec,
                ["status"] = podStatus,
            };
            ops.CreateLocked(podKind, pod, Controller, managedFieldsRecorded: true, keepStatus: true);
            ready += IsReady(podStatus) ? 1 : 0;
        }
        foreach (var (_, extra) in owned)
        {
            ops.DeleteLocked(podKind, extra.Key, extra.Value, DeleteOptions.Default);
        }
        return ready;
    }

    private JsonObject PodStatus(JsonObject template, string startTime)
    {
        var containers = (Json.At(template, "spec", "containers") as JsonArray ?? []).OfType<JsonObject>().ToList();
        var failing = containers.Where(c => simulation.IsFailing(Json.Str(c, "image") ?? "")).Select(c => Json.Str(c, "name") ?? "").ToList();
        var ready = failing.Count == 0;
        var readyText = ready ? "True" : "False";
        var statuses = new JsonArray([.. containers.Select(c =>
        {
            var image = Json.Str(c, "image") ?? "";
            var isFailing = simulation.IsFailing(image);
            return (JsonNode)new JsonObject
            {
                ["name"] = Json.Str(c, "name"),
                ["image"] = image,
                ["imageID"] = isFailing ? "" : "sha256:" + Hash(image, 64),
                ["ready"] = !isFailing,
                ["started"] = !isFailing,
                ["restartCount"] = 0,
                ["state"] = isFailing
                    ? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = $"Back-off pulling image \"{image}\" (simulated: the test marked this image failing)" } }
                    : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startTime } },
            };
        })]);
        JsonObject Condition(string type, string status, string? reason = null, string? message = null)
        {
            var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = startTime };
            if (reason is not null)
            {
                condition["reason"] = reason;
                condition["message"] = message;
            }
            return condition;
        }
        var notReadyMessage = $"containers with unready status: [{string.Join(' ', failing)}]";
        return new JsonObject
        {
            ["phase"] = ready ? "Running" : "Pending",
            ["conditions"] = new JsonArray(
                Condition("Initialized", "True"),
                ready ? Condition("Ready", "True") : Condition("Ready", "False", "ContainersNotReady", notReadyMessage),
                ready ? Condition("ContainersReady", "True") : Condition("ContainersReady", "False", "ContainersNotReady", notReadyMessage),
                Condition("PodScheduled", "True")),
            ["hostIP"] = "10.0.0.1",
            ["podIP"] = "10.244.0.1",
            ["startTime"] = startTime,
            ["containerStatuses"] = statuses,
            ["qosClass"] = "BestEffort",
        };
    }

    private static bool IsReady(JsonObject podStatus) =>
        (podStatus["conditions"] as JsonArray ?? []).Any(c => Json.Str(c, "type") == "Ready" && Json.Str(c, "status") == "True");

    private static JsonObject DeploymentStatus(JsonObject deployment, long generation, int replicas, int ready, string replicaSetName, DateTimeOffset now)
    {
        var previous = Json.At(deployment, "status", "conditions") as JsonArray;
        var available = ready >= replicas;
        var status = Counts(("observedGeneration", generation), ("replicas", replicas), ("updatedReplicas", replicas), ("readyReplicas", ready),
            ("availableReplicas", ready), ("unavailableReplicas", replicas - ready));
        status["conditions"] = new JsonArray(
            Condition(previous, "Available", available ? "True" : "False",
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now),
            Condition(previous, "Progressing", "True",
                available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                available ? $"ReplicaSet \"{replicaSetName}\" has successfully progressed." : $"ReplicaSet \"{replicaSetName}\" is progressing.", now));
        return status;
    }

    private static JsonObject DaemonSetStatus(long generation, int desired, int ready) =>
        Counts(("currentNumberScheduled", desired), ("desiredNumberScheduled", desired), ("numberMisscheduled", 0), ("numberReady", ready),
            ("observedGeneration", generation), ("updatedNumberScheduled", desired), ("numberAvailable", ready), ("numberUnavailable", desired - ready));

    private static JsonObject StatefulSetStatus(long generation, int replicas, int ready, string revision)
    {
        var status = Counts(("observedGeneration", generation), ("replicas", replicas), ("readyReplicas", ready), ("currentReplicas", replicas),
            ("updatedReplicas", replicas), ("availableReplicas", ready));
        status["currentRevision"] = revision;
        status["updateRevision"] = revision;
        status["collisionCount"] = 0;
        return status;
    }

    /// <summary>Integer status fields; zeros are omitted as the Go structs' <c>omitempty</c> does (except observedGeneration).</summary>
    private static JsonObject Counts(params (string Name, long Value)[] counts)
    {
        var status = new JsonObject();
        foreach (var (name, value) in counts)
        {
            if (value != 0 || name is "observedGeneration" or "replicas" or "desiredNumberScheduled" or "currentNumberScheduled" or "numberMisscheduled")
            {
                status[name] = value;
            }
        }
        return status;
    }

    /// <summary>A condition that keeps its transition time while its status stays the same.</summary>
    private static JsonObject Condition(JsonArray? previous, string type, string status, string reason, string message, DateTimeOffset now)
    {
        var before = previous?.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c, "type") == type);
        var same = before is not null && Json.Str(before, "status") == status && Json.Str(before, "reason") == reason;
        var time = same ? Json.Str(before, "lastTransitionTime") ?? Json.Timestamp(now) : Json.Timestamp(now);
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = same ? Json.Str(before, "lastUpdateTime") ?? time : time,
            ["lastTransitionTime"] = time,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static string TemplateHash(JsonObject template) => Hash(template.ToJsonString(), 10);

    private static string Hash(string text, int length)
    {
        var hex = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return hex[..length].ToLower(CultureInfo.InvariantCulture);
    }
}

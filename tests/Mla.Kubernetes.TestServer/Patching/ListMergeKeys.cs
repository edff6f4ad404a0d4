namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// The associative lists of the built-in kinds (Kubernetes' <c>patchMergeKey</c> / <c>x-kubernetes-list-map-keys</c>):
/// e.g. <c>spec.template.spec.containers</c> by <c>name</c>, <c>ports</c> by <c>containerPort</c>. Custom resources
/// have none (their lists are atomic), as in Kubernetes without list-type markers.
/// </summary>
public static class ListMergeKeys
{
    // Where each workload kind keeps its pod spec (k8s.io/api: PodTemplateSpec nesting).
    private static readonly Dictionary<string, string[]> PodSpecPaths = new(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec"],
        ["PodTemplate"] = ["template", "spec"],
        ["Deployment"] = ["spec", "template", "spec"],
        ["DaemonSet"] = ["spec", "template", "spec"],
        ["StatefulSet"] = ["spec", "template", "spec"],
        ["ReplicaSet"] = ["spec", "template", "spec"],
        ["ReplicationController"] = ["spec", "template", "spec"],
        ["Job"] = ["spec", "template", "spec"],
        ["CronJob"] = ["spec", "jobTemplate", "spec", "template", "spec"],
    };

    // Lists of core/v1 PodSpec, relative to the pod spec (k8s.io/api/core/v1/types.go markers).
    private static readonly Dictionary<string, ListSchema> PodSpecLists = new(StringComparer.Ordinal)
    {
        ["volumes"] = ListSchema.MapBy("name"),
        ["imagePullSecrets"] = ListSchema.MapBy("name"),
        ["hostAliases"] = ListSchema.MapBy("ip"),
        ["resourceClaims"] = ListSchema.MapBy("name"),
        ["schedulingGates"] = ListSchema.MapBy("name"),
        ["topologySpreadConstraints"] = ListSchema.MapBy("topologyKey", "topologyKey", "whenUnsatisfiable"),
    };

    // Lists of core/v1 Container (also init and ephemeral containers).
    private static readonly Dictionary<string, ListSchema> ContainerLists = new(StringComparer.Ordinal)
    {
        ["env"] = ListSchema.MapBy("name"),
        ["ports"] = ListSchema.MapBy("containerPort", "containerPort", "protocol"),
        ["volumeMounts"] = ListSchema.MapBy("mountPath"),
        ["volumeDevices"] = ListSchema.MapBy("devicePath"),
    };

    private static readonly string[] ContainerListNames = ["containers", "initContainers", "ephemeralContainers"];

    // Kinds whose status.conditions is a list keyed by type (apps/v1, batch/v1, core/v1 Pod and Node, CRDs' own type).
    private static readonly HashSet<string> KindsWithConditionLists = new(StringComparer.Ordinal)
    {
        "Pod", "Node", "Namespace", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "ReplicationController", "Job",
        "CustomResourceDefinition", "APIService", "PersistentVolumeClaim", "Service",
    };

    private static readonly HashSet<string> WebhookConfigurationKinds = new(StringComparer.Ordinal)
    {
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    };

    /// <summary>The merge key of the list at <paramref name="path"/> (field names from the root, e.g. ["spec","template","spec","containers"]) in <paramref name="kind"/>, or null for an atomic list.</summary>
    public static string? For(string kind, IReadOnlyList<string> path) => Describe(kind, path).PatchMergeKey;

    /// <summary>
    /// The full merge behaviour of the list at <paramref name="path"/>: map lists (with their strategic and apply
    /// keys), set lists (<c>metadata.finalizers</c>) and atomic lists (everything else, all lists of custom resources).
    /// </summary>
    public static ListSchema Describe(string kind, IReadOnlyList<string> path)
    {
        // ObjectMeta is typed for every kind, custom resources included.
        if (path.Count == 2 && path[0] == "metadata")
        {
            return path[1] switch
            {
                "finalizers" => ListSchema.Set,
                "ownerReferences" => ListSchema.MapBy("uid"),
                _ => ListSchema.Atomic,
            };
        }

        if (PodSpecPaths.TryGetValue(kind, out var podSpec) && StartsWith(path, podSpec))
        {
            return DescribePodSpecList(path.Skip(podSpec.Length).ToArray());
        }

        if (path.Count == 2 && path[0] == "status" && path[1] == "conditions" && KindsWithConditionLists.Contains(kind))
        {
            // batch/v1 JobStatus.conditions: patchMergeKey=type but listType=atomic.
            return kind == "Job" ? new ListSchema(ListType.Atomic, "type", []) : ListSchema.MapBy("type");
        }

        return (kind, string.Join('.', path)) switch
        {
            ("Service", "spec.ports") => ListSchema.MapBy("port", "port", "protocol"),
            ("Node", "status.addresses") => ListSchema.MapBy("type"),
            ("Node", "spec.taints") => ListSchema.Atomic,
            ("ServiceAccount", "secrets") => ListSchema.MapBy("name"),
            _ when WebhookConfigurationKinds.Contains(kind) && path.Count == 1 && path[0] == "webhooks" => ListSchema.MapBy("name"),
            _ => ListSchema.Atomic,
        };
    }

    /// <summary>
    /// Whether the object at <paramref name="path"/> is an atomic map (<c>+structType=atomic</c> /
    /// <c>+mapType=atomic</c>): replaced whole by an apply and owned as one field, e.g. a workload's
    /// <c>spec.selector</c> (LabelSelector) and a Service's <c>spec.selector</c>.
    /// </summary>
    public static bool IsAtomicMap(string kind, IReadOnlyList<string> path) =>
        path.Count == 2 && path[0] == "spec" && path[1] == "selector"
        && (PodSpecPaths.ContainsKey(kind) || kind == "Service") && kind != "Pod";

    private static ListSchema DescribePodSpecList(string[] relative)
    {
        if (relative.Length == 1)
        {
            return ContainerListNames.Contains(relative[0]) ? ListSchema.MapBy("name")
                : PodSpecLists.TryGetValue(relative[0], out var schema) ? schema
                : ListSchema.Atomic;
        }

        if (relative.Length == 2 && ContainerListNames.Contains(relative[0]) && ContainerLists.TryGetValue(relative[1], out var containerList))
        {
            return containerList;
        }

        return ListSchema.Atomic;
    }

    private static bool StartsWith(IReadOnlyList<string> path, string[] prefix)
    {
        if (path.Count <= prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (path[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}

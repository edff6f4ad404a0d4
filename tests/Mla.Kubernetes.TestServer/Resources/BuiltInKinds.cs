namespace Mla.Kubernetes.TestServer.Resources;

/// <summary>The built-in kinds the server serves. Adding a kind is one line.</summary>
public static class BuiltInKinds
{
    private static readonly string[] All = ["all"];

    public static readonly IReadOnlyList<ResourceKind> Kinds =
    [
        new("", "v1", "Namespace", "namespaces", "namespace", false, ["ns"], [], true, ExtraFieldSelectors: ["status.phase"]),
        new("", "v1", "Secret", "secrets", "secret", true, [], [], false, ExtraFieldSelectors: ["type"]),
        new("", "v1", "ConfigMap", "configmaps", "configmap", true, ["cm"], [], false),
        new("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true, ["sa"], [], false),
        new("", "v1", "Service", "services", "service", true, ["svc"], All, true),
        new("", "v1", "Pod", "pods", "pod", true, ["po"], All, true, ExtraFieldSelectors: ["spec.nodeName", "status.phase", "spec.serviceAccountName", "spec.restartPolicy", "status.podIP"]),
        new("", "v1", "Event", "events", "event", true, ["ev"], [], false,
            ExtraFieldSelectors: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"]),
        new("", "v1", "Node", "nodes", "node", false, ["no"], [], true, ExtraFieldSelectors: ["spec.unschedulable"]),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", true, ["pvc"], [], true),
        new("", "v1", "Endpoints", "endpoints", "endpoints", true, ["ep"], [], false),
        new("", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", false, ["pv"], [], true),
        new("", "v1", "ResourceQuota", "resourcequotas", "resourcequota", true, ["quota"], [], true),
        new("", "v1", "LimitRange", "limitranges", "limitrange", true, ["limits"], [], false),
        new("apps", "v1", "Deployment", "deployments", "deployment", true, ["deploy"], All, true),
        new("apps", "v1", "DaemonSet", "daemonsets", "daemonset", true, ["ds"], All, true),
        new("apps", "v1", "StatefulSet", "statefulsets", "statefulset", true, ["sts"], All, true),
        new("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, ["rs"], All, true),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", false, [], [], false),
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false, [], [], false),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", "role", true, [], [], false),
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", true, [], [], false),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", true, ["pdb"], [], true),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", false, ["crd", "crds"], ["api-extensions"], true),
        new("coordination.k8s.io", "v1", "Lease", "leases", "lease", true, [], [], false),
        new("batch", "v1", "Job", "jobs", "job", true, [], All, true),
        new("batch", "v1", "CronJob", "cronjobs", "cronjob", true, ["cj"], All, true),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", true, ["hpa"], All, true),
        new("networking.k8s.io", "v1", "Ingress", "ingresses", "ingress", true, ["ing"], [], true),
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", true, ["netpol"], [], false),
        new("storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", false, ["sc"], [], false),
    ];
}

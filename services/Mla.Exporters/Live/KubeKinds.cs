namespace Mla.Exporters.Live;

/// <summary>The kinds MLA puts into a user cluster (in apply order) and reads from it.</summary>
public static class KubeKinds
{
    public static readonly KubeKind Namespace = new("", "v1", "Namespace", "namespaces", false);
    public static readonly KubeKind Secret = new("", "v1", "Secret", "secrets", true);
    public static readonly KubeKind ServiceAccount = new("", "v1", "ServiceAccount", "serviceaccounts", true);
    public static readonly KubeKind ConfigMap = new("", "v1", "ConfigMap", "configmaps", true);
    public static readonly KubeKind Service = new("", "v1", "Service", "services", true);
    public static readonly KubeKind ClusterRole = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false);
    public static readonly KubeKind ClusterRoleBinding = new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false);
    public static readonly KubeKind StatefulSet = new("apps", "v1", "StatefulSet", "statefulsets", true);
    public static readonly KubeKind DaemonSet = new("apps", "v1", "DaemonSet", "daemonsets", true);
    public static readonly KubeKind Deployment = new("apps", "v1", "Deployment", "deployments", true);

    /// <summary>Every kind MLA manages, in apply order (workloads last; the namespace is removed last).</summary>
    public static IReadOnlyList<KubeKind> Managed { get; } =
        [Namespace, Secret, ServiceAccount, ClusterRole, ClusterRoleBinding, ConfigMap, Service, StatefulSet, DaemonSet, Deployment];

    public static KubeKind Of(string apiVersion, string kind) =>
        Managed.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind)
        ?? throw new ArgumentException($"{apiVersion} {kind} is not a kind MLA manages", nameof(kind));

    public static bool IsWorkload(KubeKind kind) => kind == StatefulSet || kind == DaemonSet || kind == Deployment;
}

namespace Mla.Kubernetes.TestServer.Resources;

/// <summary>
/// One served resource of one group-version: what discovery, OpenAPI, routing and the store need to know about it.
/// Built-in kinds come from <see cref="BuiltInKinds"/>; an applied CustomResourceDefinition adds one per served version.
/// </summary>
public sealed record ResourceKind(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool HasStatus,
    bool IsCustom = false,
    IReadOnlyList<string>? ExtraFieldSelectors = null)
{
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    public static readonly IReadOnlyList<string> StatusVerbs = ["get", "patch", "update"];

    /// <summary><c>v1</c> for the core group, <c>apps/v1</c> otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>configmaps</c> or <c>deployments.apps</c>: the name Kubernetes puts in messages.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary><c>ConfigMap</c> or <c>Deployment.apps</c>: the name in "is invalid" messages.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string ListKind => Kind + "List";

    /// <summary>Path prefix of the group-version: <c>/api/v1</c> or <c>/apis/apps/v1</c>.</summary>
    public string GroupVersionPath => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>Whether the kind has a <c>/scale</c> subresource (autoscaling/v1 Scale), as Deployments, StatefulSets and ReplicaSets do.</summary>
    public bool HasScale => !IsCustom && Group == "apps" && Kind is "Deployment" or "StatefulSet" or "ReplicaSet";

    /// <summary>Whether <c>metadata.generation</c> is kept (kinds with a spec and a status).</summary>
    public bool HasGeneration => HasStatus || IsCustom;
}

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>How a list merges (Kubernetes' <c>x-kubernetes-list-type</c>).</summary>
public enum ListType
{
    /// <summary>Replaced whole by a patch or an apply; owned as one field.</summary>
    Atomic,

    /// <summary>Items are objects identified by key fields (<c>k:{"name":"c"}</c>).</summary>
    Map,

    /// <summary>Items are scalars identified by their value (<c>v:"x"</c>), e.g. <c>metadata.finalizers</c>.</summary>
    Set,
}

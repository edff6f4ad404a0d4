namespace Mla.Kubernetes.TestServer.Store;

/// <summary>The PATCH content types the server accepts.</summary>
public enum PatchKind
{
    Merge,
    Json,
    StrategicMerge,
    Apply,
}

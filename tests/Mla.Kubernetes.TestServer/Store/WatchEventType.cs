namespace Mla.Kubernetes.TestServer.Store;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}

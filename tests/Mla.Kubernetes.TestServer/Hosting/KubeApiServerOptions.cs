namespace Mla.Kubernetes.TestServer;

/// <summary>How a <see cref="KubeApiServer"/> starts.</summary>
public sealed class KubeApiServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Where to write the kubeconfig; null: a file in a temporary directory of this instance.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Name of the cluster, context and user in the kubeconfig.</summary>
    public string ClusterName { get; set; } = "mla-test";

    /// <summary>How long a Deployment, DaemonSet or StatefulSet takes to become ready after a (new) generation.</summary>
    public TimeSpan WorkloadReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Node objects created at start (DaemonSets schedule one pod per node).</summary>
    public int NodeCount { get; set; } = 1;

    /// <summary>How often a watch with <c>allowWatchBookmarks</c> gets a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Changes kept for watch resumption; older resourceVersions answer 410 Expired.</summary>
    public int WatchHistoryLimit { get; set; } = 10_000;
}

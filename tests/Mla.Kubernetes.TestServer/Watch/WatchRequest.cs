namespace Mla.Kubernetes.TestServer.Watch;

/// <summary>The query of a watch: <c>resourceVersion</c>, <c>timeoutSeconds</c>, <c>allowWatchBookmarks</c>, <c>sendInitialEvents</c>.</summary>
public sealed record WatchRequest(string? ResourceVersion, int? TimeoutSeconds, bool AllowBookmarks, bool SendInitialEvents);

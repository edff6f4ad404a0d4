namespace Mla.Kubernetes.TestServer.Watch;

/// <summary>A serialized watch event for the stream (null <paramref name="Text"/>: a change this watch does not see, kept for bookmarks).</summary>
public sealed record WatchLine(long ResourceVersion, string? Text);

using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Store;

/// <summary>One change in the store, kept for watches: the object after the change (immutable) and before it.</summary>
public sealed record StoreEvent(long ResourceVersion, WatchEventType Type, StoreKey Key, JsonObject Current, JsonObject? Previous);

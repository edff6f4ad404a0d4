using System.Text.Json.Nodes;
using System.Threading.Channels;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Selectors;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Watch;

/// <summary>
/// An open watch on one resource. The store offers it every change under its lock; the subscription filters by
/// namespace and selectors (an object that starts matching is ADDED, one that stops is DELETED, https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes),
/// serializes the event line there, and queues it for the HTTP stream.
/// </summary>
public sealed class WatchSubscription(ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields)
{
    private readonly Channel<WatchLine> _lines = Channel.CreateUnbounded<WatchLine>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<WatchLine> Lines => _lines.Reader;

    /// <summary>Called by the store under its lock.</summary>
    public void Offer(StoreEvent change)
    {
        if (!IsOfWatchedKind(change))
        {
            return;
        }
        var line = Translate(change);
        _lines.Writer.TryWrite(new WatchLine(change.ResourceVersion, line));
    }

    private bool IsOfWatchedKind(StoreEvent change) => change.Key.Group == kind.Group && change.Key.Plural == kind.Plural;

    /// <summary>The event line for a current object sent as a synthetic ADDED (caller holds the store lock).</summary>
    public string? Added(StoreKey key, JsonObject obj) => Matches(key, obj) ? Line("ADDED", obj) : null;

    public bool Matches(StoreKey key, JsonObject obj) =>
        (ns is null || key.Namespace == ns) && labels.Matches(Json.Labels(obj)) && fields.Matches(obj);

    /// <summary>The line a change becomes for this watch, or null when the watch does not see it.</summary>
    public string? Translate(StoreEvent change)
    {
        // The store's history holds every kind's changes: the replay on resume comes through here too.
        if (!IsOfWatchedKind(change))
        {
            return null;
        }

        var matchesNow = Matches(change.Key, change.Current);
        switch (change.Type)
        {
            case WatchEventType.Added:
                return matchesNow ? Line("ADDED", change.Current) : null;
            case WatchEventType.Deleted:
                return matchesNow || (change.Previous is { } gone && Matches(change.Key, gone)) ? Line("DELETED", change.Current) : null;
            default:
                var matchedBefore = change.Previous is { } previous && Matches(change.Key, previous);
                return (matchedBefore, matchesNow) switch
                {
                    (true, true) => Line("MODIFIED", change.Current),
                    (false, true) => Line("ADDED", change.Current),
                    (true, false) => Line("DELETED", change.Current),
                    _ => null,
                };
        }
    }

    /// <summary>A BOOKMARK line carrying kind, apiVersion and the resourceVersion (and the initial-events-end annotation when asked).</summary>
    public string Bookmark(long resourceVersion, bool initialEventsEnd = false)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        var obj = new JsonObject { ["kind"] = kind.Kind, ["apiVersion"] = kind.ApiVersion, ["metadata"] = metadata };
        return "{\"type\":\"BOOKMARK\",\"object\":" + obj.ToJsonString() + "}";
    }

    private string Line(string type, JsonObject obj) =>
        "{\"type\":\"" + type + "\",\"object\":" + ObjectOperations.Present(kind, obj, clone: false).ToJsonString() + "}";
}

using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Watch;

namespace Mla.Kubernetes.TestServer.Store;

/// <summary>
/// The objects of one server, its resourceVersion counter and its bounded change history. Not thread-safe by itself:
/// every caller holds <see cref="Gate"/>. Stored objects are never mutated (writers store fresh copies), so events and
/// readers may serialize them outside the lock.
/// </summary>
public sealed class ObjectStore(int historyLimit)
{
    private readonly Dictionary<StoreKey, JsonObject> _objects = [];
    private readonly LinkedList<StoreEvent> _history = new();
    private readonly List<WatchSubscription> _watchers = [];
    private long _resourceVersion = 1;
    private long _oldestValid = 1;

    public Lock Gate { get; } = new();

    /// <summary>Raised (under the lock) after every change; the controllers use it to wake up.</summary>
    public event Action? Changed;

    public long ResourceVersion => _resourceVersion;

    /// <summary>The oldest resourceVersion a watch may resume from.</summary>
    public long OldestValidResourceVersion => _history.First is { } first ? Math.Max(_oldestValid, first.Value.ResourceVersion - 1) : Math.Max(_oldestValid, _resourceVersion);

    public long NextResourceVersion() => ++_resourceVersion;

    public JsonObject? Find(StoreKey key) => _objects.GetValueOrDefault(key);

    public IEnumerable<KeyValuePair<StoreKey, JsonObject>> Scan(string group, string plural, string? ns) =>
        _objects.Where(e => e.Key.Group == group && e.Key.Plural == plural && (ns is null || e.Key.Namespace == ns))
            .OrderBy(e => e.Key.Namespace, StringComparer.Ordinal).ThenBy(e => e.Key.Name, StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<StoreKey, JsonObject>> ScanAll() => _objects;

    /// <summary>Stores <paramref name="obj"/> (its resourceVersion already set to a fresh value) and records the event.</summary>
    public void Put(StoreKey key, JsonObject obj, JsonObject? previous, long resourceVersion)
    {
        _objects[key] = obj;
        Record(new StoreEvent(resourceVersion, previous is null ? WatchEventType.Added : WatchEventType.Modified, key, obj, previous));
    }

    /// <summary>Removes the object; <paramref name="final"/> is its last state, at the deletion's resourceVersion.</summary>
    public void Remove(StoreKey key, JsonObject final, JsonObject previous, long resourceVersion)
    {
        _objects.Remove(key);
        Record(new StoreEvent(resourceVersion, WatchEventType.Deleted, key, final, previous));
    }

    /// <summary>Every resourceVersion until now becomes too old to resume from.</summary>
    public void ExpireHistory()
    {
        _history.Clear();
        _oldestValid = NextResourceVersion();
    }

    /// <summary>The events after <paramref name="resourceVersion"/>, or null when that version is too old.</summary>
    public IReadOnlyList<StoreEvent>? EventsAfter(long resourceVersion)
    {
        if (resourceVersion < OldestValidResourceVersion)
        {
            return null;
        }
        return [.. _history.Where(e => e.ResourceVersion > resourceVersion)];
    }

    public void Subscribe(WatchSubscription watcher) => _watchers.Add(watcher);

    public void Unsubscribe(WatchSubscription watcher) => _watchers.Remove(watcher);

    public IReadOnlyList<WatchSubscription> Watchers => [.. _watchers];

    private void Record(StoreEvent change)
    {
        _history.AddLast(change);
        while (_history.Count > historyLimit)
        {
            _history.RemoveFirst();
        }
        foreach (var watcher in _watchers)
        {
            watcher.Offer(change);
        }
        Changed?.Invoke();
    }
}

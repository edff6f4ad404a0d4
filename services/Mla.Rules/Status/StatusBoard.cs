using System.Collections.Concurrent;

namespace Mla.Rules.Status;

/// <summary>The last status of every rule group and Alertmanager configuration, for the API and for change events.</summary>
internal sealed class StatusBoard
{
    private readonly ConcurrentDictionary<StatusKey, SyncStatus> _statuses = new();

    /// <summary>Sets the status; returns true when it differs from the one before (state or reason).</summary>
    public bool Set(StatusKey key, SyncStatus status)
    {
        while (true)
        {
            if (_statuses.TryGetValue(key, out var current))
            {
                if (current.SameAs(status))
                {
                    return false;
                }

                if (_statuses.TryUpdate(key, status, current))
                {
                    return true;
                }
            }
            else if (_statuses.TryAdd(key, status))
            {
                return true;
            }
        }
    }

    public bool Remove(StatusKey key) => _statuses.TryRemove(key, out _);

    public SyncStatus? Get(StatusKey key) => _statuses.TryGetValue(key, out var status) ? status : null;

    public IReadOnlyList<(StatusKey Key, SyncStatus Status)> ForCluster(string clusterId) =>
        _statuses.Where(s => s.Key.ClusterId == clusterId).OrderBy(s => s.Key.Name, StringComparer.Ordinal).Select(s => (s.Key, s.Value)).ToList();

    public IReadOnlyCollection<StatusKey> Keys => [.. _statuses.Keys];
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;

namespace Mla.Exporters.Fleet;

/// <summary>
/// The clusters and tenants this replica follows (from events, and from the tenant list at start and on every
/// resync), and the queue of clusters to work on. Every change queues the cluster; the export loop takes it from there.
/// </summary>
public sealed class FleetState
{
    private readonly ConcurrentDictionary<string, ClusterRecord> _clusters = new(StringComparer.Ordinal);
    private readonly Channel<string> _dirty = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ChannelReader<string> Dirty => _dirty.Reader;

    /// <summary>Whether the tenant list was read at least once (only then may a full pass remove folders of unknown clusters).</summary>
    public bool TenantsListed { get; private set; }

    public ClusterRecord? Get(string clusterId) => _clusters.GetValueOrDefault(clusterId);

    public IReadOnlyList<ClusterRecord> All() => _clusters.Values.OrderBy(c => c.ClusterId, StringComparer.Ordinal).ToList();

    /// <summary>A cluster event; an older state than the one held (by occurrence time) is ignored.</summary>
    public void ObserveCluster(ClusterState cluster, DateTimeOffset occurredAt, bool deleted)
    {
        lock (_gate)
        {
            var current = _clusters.GetValueOrDefault(cluster.Id);
            if (current is not null && current.Cluster is not null && current.ClusterAt > occurredAt)
            {
                return;
            }

            _clusters[cluster.Id] = (current ?? new ClusterRecord(cluster.Id, null, default, false, null)) with
            {
                Cluster = cluster, ClusterAt = occurredAt, ClusterDeleted = deleted,
            };
        }

        MarkDirty(cluster.Id);
    }

    /// <summary>A tenant event or a tenant from the list; an older state than the one held is ignored.</summary>
    public void ObserveTenant(TenantState tenant)
    {
        var changed = false;
        lock (_gate)
        {
            var current = _clusters.GetValueOrDefault(tenant.ClusterId);
            if (current?.Tenant is { } held && held.StatusChangedAt > tenant.StatusChangedAt)
            {
                return;
            }

            if (current?.Tenant != tenant)
            {
                _clusters[tenant.ClusterId] = (current ?? new ClusterRecord(tenant.ClusterId, null, default, false, null)) with { Tenant = tenant };
                changed = true;
            }
        }

        if (changed)
        {
            MarkDirty(tenant.ClusterId);
        }
    }

    /// <summary>The full tenant list: tenants missing from it (deleted while this replica was away) are marked Deleted.</summary>
    public void ReplaceTenants(IReadOnlyList<TenantState> tenants, DateTimeOffset asOf)
    {
        var listed = tenants.Select(t => t.ClusterId).ToHashSet(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            ObserveTenant(tenant);
        }

        foreach (var record in _clusters.Values)
        {
            if (!listed.Contains(record.ClusterId) && record.Tenant is { } tenant && tenant.Status != TenantStatus.Deleted && tenant.StatusChangedAt < asOf)
            {
                ObserveTenant(tenant with { Status = TenantStatus.Deleted, StatusChangedAt = asOf });
            }
        }

        TenantsListed = true;
    }

    /// <summary>Queues a cluster for the export loop (once, however often it is marked before the loop takes it).</summary>
    public void MarkDirty(string clusterId)
    {
        if (_queued.TryAdd(clusterId, 0))
        {
            _dirty.Writer.TryWrite(clusterId);
        }
    }

    /// <summary>The loop took the cluster: a later change queues it again.</summary>
    public void Taken(string clusterId) => _queued.TryRemove(clusterId, out _);

    /// <summary>Forgets a cluster whose agents are gone for good.</summary>
    public void Forget(string clusterId)
    {
        lock (_gate)
        {
            if (_clusters.TryGetValue(clusterId, out var record) && !record.Wanted)
            {
                _clusters.TryRemove(clusterId, out _);
            }
        }
    }
}

using System.Collections.Concurrent;
using Mla.Contracts.Tenants;
using Mla.Tenants.Client;

namespace Mla.Writer.Tenants;

/// <summary>
/// The tenants whose records the writer drops, fed by the tenant list and the tenant events; read by every consume
/// loop and replay thread. A record of tenant T is dropped when T is Deprovisioning or Deleted now, or when its
/// Kafka timestamp is earlier than the last time T was known deprovisioning or deleted (a record produced before a
/// deletion and consumed after T was provisioned again would otherwise bring purged data back).
/// </summary>
public sealed class DeletedTenants
{
    private readonly ConcurrentDictionary<string, TenantDeletion> _tenants = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once a full tenant list was applied.</summary>
    public bool IsLoaded => _loaded.Task.IsCompleted;

    /// <summary>How many tenants are Deprovisioning or Deleted now.</summary>
    public int DeletedCount => _tenants.Values.Count(t => t.IsDeleted);

    public TenantDeletion? Find(string tenant) => _tenants.GetValueOrDefault(tenant);

    /// <summary>Whether a record of <paramref name="tenant"/> produced at <paramref name="recordTime"/> must be dropped.</summary>
    public bool Drops(string tenant, DateTimeOffset recordTime) =>
        _tenants.TryGetValue(tenant, out var deletion) && deletion.Drops(recordTime);

    /// <summary>
    /// Applies a tenant's state as of <paramref name="observedAt"/>; returns the entry before and after. A state
    /// older than what the table holds changes only the cut-off, never the deleted flag.
    /// </summary>
    public (TenantDeletion? Before, TenantDeletion After) Apply(TenantState tenant, DateTimeOffset observedAt)
    {
        var isDeleted = tenant.Status is TenantStatus.Deprovisioning or TenantStatus.Deleted;

        // Deleted since StatusChangedAt and still so when observed: both bound the records of its deleted life. A
        // tenant provisioned again after a deprovisioning: records from before it became Ready again are of the
        // deleted life (even those accepted in the moment before gateways refused it).
        DateTimeOffset? deletedUntil = isDeleted ? (tenant.StatusChangedAt > observedAt ? tenant.StatusChangedAt : observedAt)
            : tenant.LastDeprovisionedAt is not null ? tenant.StatusChangedAt
            : null;
        TenantDeletion? before = null;
        var after = _tenants.AddOrUpdate(
            tenant.Id,
            _ => new TenantDeletion(isDeleted, deletedUntil, observedAt),
            (_, current) =>
            {
                before = current;
                return current.With(isDeleted, deletedUntil, observedAt);
            });
        return (before, after);
    }

    /// <summary>
    /// Applies every listed tenant as of the listing's time (tenants the list does not name keep their entry);
    /// returns the tenants whose deleted flag changed, with their new entry.
    /// </summary>
    public IReadOnlyList<(TenantState Tenant, TenantDeletion Deletion)> Apply(TenantListing listing)
    {
        var changed = new List<(TenantState, TenantDeletion)>();
        foreach (var tenant in listing.Tenants)
        {
            var (before, after) = Apply(tenant, listing.AsOf);
            if ((before?.IsDeleted ?? false) != after.IsDeleted)
            {
                changed.Add((tenant, after));
            }
        }

        _loaded.TrySetResult();
        return changed;
    }

    /// <summary>Completes once a full tenant list was applied (the consume loops wait for it when tenants are followed).</summary>
    public Task WaitUntilLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);
}

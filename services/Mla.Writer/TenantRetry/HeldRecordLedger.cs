using Mla.Writer.Batching;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// The tenants a sink holds records of, and how much they hold: a record is counted in when it is read and kept,
/// and out once it is completed (written, dead-lettered, moved or dropped) or released (its partition revoked).
/// Keeps the totals apart for the main topic and the retry topic, so that each topic's partitions pause on their own
/// memory budget (<c>MaxHeldBytes</c> in total, <c>MaxHeldBytesPerTenant</c> per tenant through the index).
/// Used from the consume loop's thread only.
/// </summary>
internal sealed class HeldRecordLedger(string retryTopic, long maxHeldBytes, TenantRetryIndex index)
{
    private readonly Dictionary<string, TenantQueue> _tenants = new(StringComparer.Ordinal);

    /// <summary>Records held (batched, queued, or in a job) and not yet completed or released.</summary>
    public int HeldRecords { get; private set; }

    /// <summary>Bytes held of records read from the main topic.</summary>
    public long MainBytes { get; private set; }

    /// <summary>Bytes held of records read from the retry topic.</summary>
    public long RetryBytes { get; private set; }

    /// <summary>The records held from the main topic reach <c>MaxHeldBytes</c>, or one tenant's reach its budget.</summary>
    public bool MainTopicOverBudget => MainBytes >= maxHeldBytes || index.OverMainBudget > 0;

    /// <summary>As <see cref="MainTopicOverBudget"/>, for the records read from the retry topic.</summary>
    public bool RetryTopicOverBudget => RetryBytes >= maxHeldBytes || index.OverRetryBudget > 0;

    /// <summary>The tenants known now (holding records, refused, diverted, or not yet reported idle).</summary>
    public IEnumerable<string> TenantNames => _tenants.Keys;

    /// <summary>The tenant's queue; a tenant not known yet is added (and marked for its gauges).</summary>
    public TenantQueue Tenant(string name)
    {
        if (!_tenants.TryGetValue(name, out var tenant))
        {
            tenant = new TenantQueue(name);
            _tenants[name] = tenant;
            index.MarkDirty(tenant);
        }

        return tenant;
    }

    /// <summary>
    /// Whether <paramref name="tenant"/> is still the queue known under its name: a tenant forgotten while idle may
    /// still sit in the index's lists, and a new queue may have taken its name since.
    /// </summary>
    public bool IsCurrent(TenantQueue tenant) =>
        _tenants.TryGetValue(tenant.Tenant, out var current) && ReferenceEquals(current, tenant);

    /// <summary>Forgets an idle tenant; it is added again with its next record.</summary>
    public void Forget(TenantQueue tenant) => _tenants.Remove(tenant.Tenant);

    /// <summary>A record read and kept (it will be batched): counted in its tenant's memory.</summary>
    public void Hold(HeldRecord record) => Count(Tenant(record.Tenant), record, +1);

    /// <summary>A record no longer held (completed, or its partition revoked): counted out, the first time only.</summary>
    public void Release(HeldRecord record)
    {
        if (record.TryRelease() && _tenants.TryGetValue(record.Tenant, out var tenant))
        {
            Count(tenant, record, -1);
        }
    }

    /// <summary>A record written, dead-lettered, moved or dropped: its offset may be committed, and it is no longer held.</summary>
    public void Complete(HeldRecord record)
    {
        record.Complete();
        Release(record);
    }

    /// <summary>Releases the queued records matching <paramref name="predicate"/> (revoked partitions); returns how many.</summary>
    public int RemoveWhere(Func<HeldRecord, bool> predicate)
    {
        var removed = 0;
        foreach (var tenant in _tenants.Values)
        {
            foreach (var record in tenant.RemoveWhere(predicate))
            {
                Release(record);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Forgets every tenant and what they held; nothing is completed.</summary>
    public void Clear()
    {
        _tenants.Clear();
        HeldRecords = 0;
        MainBytes = 0;
        RetryBytes = 0;
    }

    private void Count(TenantQueue tenant, HeldRecord record, int sign)
    {
        var fromRetryTopic = record.Position.Topic == retryTopic;
        index.Count(tenant, record.Bytes * sign, sign, fromRetryTopic);
        HeldRecords += sign;
        if (fromRetryTopic)
        {
            RetryBytes += record.Bytes * sign;
        }
        else
        {
            MainBytes += record.Bytes * sign;
        }
    }
}

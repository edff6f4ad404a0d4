namespace Mla.Writer.TenantRetry;

/// <summary>
/// What the retry state keeps up to date as things change, so that no step of the consume loop walks every tenant
/// held (a writer may hold thousands): the tenants with work to look at, in round-robin order; those refused now;
/// those whose gauges changed; how many are diverted or over their memory budget. Used from the consume loop's
/// thread only.
/// </summary>
internal sealed class TenantRetryIndex(long budgetPerTenant)
{
    /// <summary>Tenants to look at for work, in turn; a tenant is in it at most once.</summary>
    public Queue<TenantQueue> Runnable { get; } = new();

    /// <summary>Tenants whose last answer was retryable.</summary>
    public HashSet<TenantQueue> Failing { get; } = [];

    /// <summary>Tenants whose held records changed since the gauges were last set.</summary>
    public List<TenantQueue> Dirty { get; } = [];

    public int Diverted { get; set; }

    /// <summary>Tenants holding at least their budget of records read from the main topic.</summary>
    public int OverMainBudget { get; private set; }

    /// <summary>Tenants holding at least their budget of records read from the retry topic.</summary>
    public int OverRetryBudget { get; private set; }

    public void MakeRunnable(TenantQueue tenant)
    {
        if (!tenant.Runnable)
        {
            tenant.Runnable = true;
            Runnable.Enqueue(tenant);
        }
    }

    public TenantQueue NextRunnable()
    {
        var tenant = Runnable.Dequeue();
        tenant.Runnable = false;
        return tenant;
    }

    public void MarkDirty(TenantQueue tenant)
    {
        if (!tenant.Dirty)
        {
            tenant.Dirty = true;
            Dirty.Add(tenant);
        }
    }

    /// <summary>Counts records in or out of a tenant's memory, keeping the over-budget counts and the dirty list.</summary>
    public void Count(TenantQueue tenant, long bytes, int records, bool fromRetryTopic)
    {
        var (mainOver, retryOver) = (tenant.MainBytes >= budgetPerTenant, tenant.RetryBytes >= budgetPerTenant);
        tenant.Count(bytes, records, fromRetryTopic);
        OverMainBudget += (tenant.MainBytes >= budgetPerTenant ? 1 : 0) - (mainOver ? 1 : 0);
        OverRetryBudget += (tenant.RetryBytes >= budgetPerTenant ? 1 : 0) - (retryOver ? 1 : 0);
        MarkDirty(tenant);
    }

    public void Clear()
    {
        Runnable.Clear();
        Failing.Clear();
        Dirty.Clear();
        Diverted = 0;
        OverMainBudget = 0;
        OverRetryBudget = 0;
    }
}

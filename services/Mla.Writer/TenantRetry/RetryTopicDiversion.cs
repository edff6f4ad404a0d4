using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// The way out for a tenant the sink refuses longer than <c>MaxTenantStall</c> while it takes the others: the tenant
/// is diverted, and its held records from the main topic are moved to the retry topic as they come (once the broker
/// acknowledged them they count as done, so their offsets may be committed); a failed move is tried again with
/// back-off. The diversion ends with the first write the sink accepts for the tenant (<see cref="End"/>).
/// Used from the consume loop's thread only; the moves run as <see cref="TenantWorkKind.Move"/> jobs.
/// </summary>
internal sealed class RetryTopicDiversion(
    string sink,
    string retryTopic,
    SinkOptions options,
    Backoff backoff,
    WriterMetrics metrics,
    TimeProvider time,
    ILogger logger,
    HeldRecordLedger ledger,
    TenantRetryIndex index,
    DeletedTenantRecords deleted)
{
    /// <summary>Diverts the tenant if it is refused for <c>MaxTenantStall</c> on its own (the clock stops while the sink is down).</summary>
    public void DivertIfStalled(TenantQueue tenant, bool sinkDown)
    {
        if (tenant.Diverted || sinkDown || tenant.StalledSince is not { } since || time.GetElapsedTime(since) < options.MaxTenantStall)
        {
            return;
        }

        tenant.Diverted = true;
        index.Diverted++;
        logger.LogWarning(
            "Sink {Sink}: tenant {Tenant} refused for {Seconds:0} s (longer than MaxTenantStall {Stall}) while other tenants are written; moving its held records to {RetryTopic}",
            sink, tenant.Tenant, time.GetElapsedTime(since).TotalSeconds, options.MaxTenantStall, retryTopic);
    }

    /// <summary>
    /// The move to start now for a diverted tenant: its queued records from the main topic (a deleted tenant's
    /// dropped), taken out of its queue. Null when there is none, the last move failed and waits its back-off, or
    /// the tenant is due a probe instead.
    /// </summary>
    public TenantWork? TakeMove(TenantQueue tenant)
    {
        // A diverted tenant with nothing from the retry topic in hand is probed with its newest records on its
        // back-off (its moved records may be with another replica); otherwise its records from the main topic
        // are moved as they come, without waiting for the sink's back-off.
        var probe = tenant.Diverted && tenant.RetryRecords == 0 && tenant.IsDue(time);
        if (!tenant.Diverted || probe || !tenant.IsMoveDue(time) || deleted.Without(tenant.TakeMainTopicRecords(retryTopic)) is not { Count: > 0 } moving)
        {
            return null;
        }

        var reason = $"tenant refused for {time.GetElapsedTime(tenant.StalledSince ?? time.GetTimestamp()).TotalSeconds:0} s (MaxTenantStall {options.MaxTenantStall}); last answer {tenant.LastRefusal?.Status}: {tenant.LastRefusal?.Reason}";
        return new TenantWork(TenantWorkKind.Move, tenant.Tenant, moving, reason);
    }

    /// <summary>A move came back: the records the retry topic acknowledged are done; the others go back to the front of the queue and the next move waits its back-off.</summary>
    public void Finished(TenantQueue tenant, TenantWorkResult result)
    {
        foreach (var record in result.Moved)
        {
            ledger.Complete(record);
        }

        if (result.Moved.Count > 0)
        {
            metrics.RecordsMovedToRetryTopic.WithLabels(sink, tenant.Tenant).Inc(result.Moved.Count);
            logger.LogInformation("Sink {Sink}: moved {Count} records of tenant {Tenant} to {RetryTopic}", sink, result.Moved.Count, tenant.Tenant, retryTopic);
        }

        var moved = result.Moved.ToHashSet();
        var left = result.Work.Records.Where(r => !moved.Contains(r) && !r.IsDone).ToList();
        if (left.Count == 0)
        {
            tenant.MoveFailures = 0;
            tenant.MoveWait = TimeSpan.Zero;
            return;
        }

        tenant.PutBack(left, time.GetTimestamp());
        var delay = backoff.Next(tenant.MoveFailures++);
        tenant.MoveWaitFrom = time.GetTimestamp();
        tenant.MoveWait = delay;
        logger.LogError(
            "Sink {Sink}: could not move {Count} records of tenant {Tenant} to {RetryTopic}: {Reason}; trying again in {Delay} ms",
            sink, left.Count, tenant.Tenant, retryTopic, result.Error, (long)delay.TotalMilliseconds);
    }

    /// <summary>The sink took the tenant again: its records no longer go to the retry topic.</summary>
    public void End(TenantQueue tenant)
    {
        if (tenant.Diverted)
        {
            tenant.Diverted = false;
            index.Diverted--;
        }
    }
}

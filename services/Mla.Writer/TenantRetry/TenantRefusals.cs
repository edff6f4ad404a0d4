using Mla.Writer.Delivery;
using Mla.Writer.Sinks;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// What the sink's answers say: which tenants it refuses now (they wait their own back-off, <c>Retry-After</c>
/// honoured), since when each is refused while the sink takes the others (the clock of <c>MaxTenantStall</c>), and
/// whether the sink fails as a whole. A tenant the sink takes again is no longer refused, nor diverted.
/// Used from the consume loop's thread only.
/// </summary>
internal sealed class TenantRefusals(string sink, Backoff backoff, TimeProvider time, ILogger logger, TenantRetryIndex index, RetryTopicDiversion diversion)
{
    private long? _lastAcceptedAt;
    private bool _unreachable;

    /// <summary>No answer with an HTTP status (connection refused, timeout), or at least two tenants refused and nothing accepted since the first was.</summary>
    public bool SinkDown =>
        _unreachable
        || (index.Failing.Count >= 2 && (_lastAcceptedAt is null || _lastAcceptedAt < index.Failing.Min(t => t.FailingSince!.Value)));

    /// <summary>The sink answered a send (its written and dead-lettered records are completed already).</summary>
    public void Answered(TenantQueue tenant, DeliveryAttempt attempt)
    {
        if (attempt.Written.Count > 0)
        {
            _lastAcceptedAt = time.GetTimestamp();
        }

        if (attempt.RetryResponse is { } refusal)
        {
            _unreachable = refusal.Status == 0;
            tenant.LastRefusal = refusal;
            Refused(tenant, refusal, refusal.Reason, attempt.Remaining.Count);
            return;
        }

        Accepted(tenant);
    }

    /// <summary>
    /// A send was refused (<paramref name="refusal"/>), or failed without an answer (null; shutdown, or an
    /// unexpected error): the tenant waits its back-off before its records are tried again.
    /// </summary>
    public void Refused(TenantQueue tenant, SinkResponse? refusal, string reason, int records)
    {
        var now = time.GetTimestamp();
        tenant.FailingSince ??= now;
        index.Failing.Add(tenant);

        // The stall clock runs only while the sink takes other tenants: after an outage of the whole sink, a tenant
        // is not diverted before it was refused for MaxTenantStall on its own.
        tenant.StalledSince = SinkDown ? null : tenant.StalledSince ?? now;
        var delay = backoff.Next(tenant.Attempts, refusal?.RetryAfter);
        RetryLog.Write(logger, sink, tenant.Tenant, records, tenant.Attempts, refusal ?? new SinkResponse(SinkOutcome.Retryable, 0, reason), delay);
        tenant.Attempts++;
        tenant.WaitFrom = now;
        tenant.Wait = delay;
    }

    /// <summary>How long until a refused tenant with queued records may be tried again; null when none waits.</summary>
    public TimeSpan? NextDueIn()
    {
        TimeSpan? next = null;
        foreach (var tenant in index.Failing) // only a refused tenant waits
        {
            if (!tenant.InFlight && tenant.Wait > TimeSpan.Zero && tenant.HasQueued)
            {
                var left = tenant.Wait - time.GetElapsedTime(tenant.WaitFrom);
                left = left > TimeSpan.Zero ? left : TimeSpan.Zero;
                next = next is null || left < next ? left : next;
            }
        }

        return next;
    }

    /// <summary>The sink took all of a tenant's records: it is no longer refused, and no longer diverted.</summary>
    private void Accepted(TenantQueue tenant)
    {
        _unreachable = false;
        _lastAcceptedAt = time.GetTimestamp();
        if (tenant.FailingSince is { } since)
        {
            logger.LogInformation(
                "Sink {Sink} takes tenant {Tenant} again after {Attempts} refused attempts over {Seconds:0.0} s{Diverted}",
                sink, tenant.Tenant, tenant.Attempts, time.GetElapsedTime(since).TotalSeconds, tenant.Diverted ? "; its records no longer go to the retry topic" : string.Empty);
        }

        tenant.Attempts = 0;
        tenant.FailingSince = null;
        index.Failing.Remove(tenant);
        tenant.StalledSince = null;
        diversion.End(tenant);
        tenant.Wait = TimeSpan.Zero;
    }
}

using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// The retry state of one sink, per tenant. A tenant the sink refuses (429, 5xx) keeps its records held and is
/// retried with back-off, while the other tenants' batches keep going out: at most <c>MaxConcurrentRequests</c>
/// jobs at once, at most one per tenant (its order is kept). The consumer pauses (<see cref="MainTopicPause"/>) only
/// when the sink as a whole fails or the memory budget is full. A tenant refused longer than <c>MaxTenantStall</c>
/// while the sink is otherwise up is diverted: its held records from the main topic are moved to the retry topic
/// (so their offsets may be committed) and written from there once the sink takes the tenant again.
/// Used from the consume loop's thread only; the jobs run elsewhere and come back through <see cref="Finished"/>.
/// </summary>
public sealed class TenantRetryState
{
    private readonly string _sink;
    private readonly string _retryTopic;
    private readonly SinkOptions _options;
    private readonly Backoff _backoff;
    private readonly WriterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, TenantQueue> _tenants = new(StringComparer.Ordinal);
    private readonly TenantRetryIndex _index;
    private readonly TenantRetryReporter _reporter;
    private long? _lastAcceptedAt;
    private bool _unreachable;
    private long _mainBytes;
    private long _retryBytes;

    public TenantRetryState(string sink, string retryTopic, SinkOptions options, Backoff backoff, WriterMetrics metrics, TimeProvider time, ILogger logger)
    {
        _sink = sink;
        _retryTopic = retryTopic;
        _options = options;
        _backoff = backoff;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _reporter = new TenantRetryReporter(sink, metrics, logger);
        _index = new TenantRetryIndex(options.MaxHeldBytesPerTenant);
    }

    /// <summary>Asked before a tenant's records are sent or moved: true drops the record (its tenant was deleted meanwhile).</summary>
    public Func<HeldRecord, bool>? Drops { get; set; }

    /// <summary>Jobs handed out and not finished yet.</summary>
    public int InFlight { get; private set; }

    /// <summary>Records held (batched, queued, or in a job) and not yet written, dead-lettered or moved.</summary>
    public int HeldRecords { get; private set; }

    public long HeldBytes => _mainBytes + _retryBytes;

    /// <summary>Tenants the sink refuses now (their last answer was retryable).</summary>
    public int StalledTenants => _index.Failing.Count;

    public int DivertedTenants => _index.Diverted;

    /// <summary>No answer with an HTTP status (connection refused, timeout), or at least two tenants refused and nothing accepted since the first was.</summary>
    public bool SinkDown =>
        _unreachable
        || (_index.Failing.Count >= 2 && (_lastAcceptedAt is null || _lastAcceptedAt < _index.Failing.Min(t => t.FailingSince!.Value)));

    /// <summary>Whether the main topic's partitions must pause now, and why.</summary>
    public ConsumptionPause MainTopicPause =>
        SinkDown ? ConsumptionPause.SinkDown
        : _mainBytes >= _options.MaxHeldBytes || _index.OverMainBudget > 0 ? ConsumptionPause.MemoryBudget
        : ConsumptionPause.None;

    /// <summary>
    /// Whether the retry topic's partitions must pause: as the main topic's, and while a tenant holding records read
    /// from it is still refused (they are retried from memory; what follows them waits in the topic).
    /// </summary>
    public ConsumptionPause RetryTopicPause =>
        SinkDown ? ConsumptionPause.SinkDown
        : _retryBytes >= _options.MaxHeldBytes || _index.OverRetryBudget > 0 ? ConsumptionPause.MemoryBudget
        : _index.Failing.Any(t => t.RetryRecords > 0) ? ConsumptionPause.TenantStillRefused
        : ConsumptionPause.None;

    /// <summary>A record read and kept (it will be batched): counted in its tenant's memory.</summary>
    public void Hold(HeldRecord record) => Count(Tenant(record.Tenant), record, +1);

    /// <summary>A batch the batcher cut: queued behind its tenant's earlier ones.</summary>
    public void Enqueue(TenantBatch batch)
    {
        var tenant = Tenant(batch.Tenant);
        tenant.Enqueue(batch);
        _index.MakeRunnable(tenant);
    }

    /// <summary>A record no longer held without being completed (its partition was revoked, or a deleted tenant's record was dropped).</summary>
    public void Release(HeldRecord record)
    {
        if (record.TryRelease() && _tenants.TryGetValue(record.Tenant, out var tenant))
        {
            Count(tenant, record, -1);
        }
    }

    /// <summary>Drops queued records matching <paramref name="predicate"/> (revoked partitions); returns how many. Records in a job come back through <see cref="Finished"/>.</summary>
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

    /// <summary>The jobs to start now: moves of diverted tenants' records, then sends of the tenants due, within <c>MaxConcurrentRequests</c>.</summary>
    public IReadOnlyList<TenantWork> TakeWork()
    {
        List<TenantWork>? work = null;
        var sinkDown = SinkDown;

        // Round robin over the tenants with queued records, so a busy tenant does not always go first. A tenant
        // leaves the queue when a job of its starts or it has nothing queued, and comes back with its next batch
        // or when its job finished; one waiting out its back-off goes to the back.
        for (var looked = _index.Runnable.Count; looked > 0 && InFlight < _options.MaxConcurrentRequests; looked--)
        {
            var tenant = _index.NextRunnable();
            if (tenant.InFlight || !_tenants.TryGetValue(tenant.Tenant, out var current) || !ReferenceEquals(current, tenant))
            {
                continue;
            }

            if (!tenant.Diverted && !sinkDown && tenant.StalledSince is { } since && _time.GetElapsedTime(since) >= _options.MaxTenantStall)
            {
                Divert(tenant, since);
            }

            // A diverted tenant with nothing from the retry topic in hand is probed with its newest records on its
            // back-off (its moved records may be with another replica); otherwise its records from the main topic
            // are moved as they come, without waiting for the sink's back-off.
            var probe = tenant.Diverted && tenant.RetryRecords == 0 && tenant.IsDue(_time);
            if (tenant.Diverted && !probe && tenant.IsMoveDue(_time) && WithoutDeleted(tenant.TakeMainTopicRecords(_retryTopic)) is { Count: > 0 } moving)
            {
                var reason = $"tenant refused for {_time.GetElapsedTime(tenant.StalledSince ?? _time.GetTimestamp()).TotalSeconds:0} s (MaxTenantStall {_options.MaxTenantStall}); last answer {tenant.LastRefusal?.Status}: {tenant.LastRefusal?.Reason}";
                (work ??= []).Add(Start(tenant, new TenantWork(TenantWorkKind.Move, tenant.Tenant, moving, reason)));
                continue;
            }

            if (tenant.IsDue(_time) && DropDeleted(tenant) && tenant.Head() is { Count: > 0 } head)
            {
                (work ??= []).Add(Start(tenant, new TenantWork(TenantWorkKind.Send, tenant.Tenant, head)));
            }
            else if (tenant.HasQueued)
            {
                _index.MakeRunnable(tenant);
            }
        }

        return work ?? (IReadOnlyList<TenantWork>)[];
    }

    /// <summary>A job came back: completes what was written, dead-lettered or moved; a refused tenant waits its back-off.</summary>
    public void Finished(TenantWorkResult result)
    {
        var work = result.Work;
        var tenant = Tenant(work.Tenant);
        tenant.InFlight = false;
        InFlight--;
        _index.MakeRunnable(tenant);
        if (work.Kind == TenantWorkKind.Move)
        {
            FinishedMove(tenant, result);
            return;
        }

        if (result.Attempt is not { } attempt)
        {
            // The attempt itself failed (shutdown, or an unexpected error): the same records are tried again later.
            Refused(tenant, null, result.Error ?? "no answer", work.Records.Count);
            return;
        }

        foreach (var record in attempt.Written.Concat(attempt.DeadLettered))
        {
            Complete(record);
        }

        if (attempt.Written.Count > 0)
        {
            _lastAcceptedAt = _time.GetTimestamp();
        }

        if (attempt.RetryResponse is { } refusal)
        {
            _unreachable = refusal.Status == 0;
            tenant.LastRefusal = refusal;
            Refused(tenant, refusal, refusal.Reason, attempt.Remaining.Count);
            return;
        }

        _unreachable = false;
        _lastAcceptedAt = _time.GetTimestamp();
        if (tenant.FailingSince is { } since)
        {
            _logger.LogInformation(
                "Sink {Sink} takes tenant {Tenant} again after {Attempts} refused attempts over {Seconds:0.0} s{Diverted}",
                _sink, tenant.Tenant, tenant.Attempts, _time.GetElapsedTime(since).TotalSeconds, tenant.Diverted ? "; its records no longer go to the retry topic" : string.Empty);
        }

        tenant.Attempts = 0;
        tenant.FailingSince = null;
        _index.Failing.Remove(tenant);
        tenant.StalledSince = null;
        if (tenant.Diverted)
        {
            tenant.Diverted = false;
            _index.Diverted--;
        }

        tenant.Wait = TimeSpan.Zero;
    }

    /// <summary>How long until a refused tenant with queued records may be tried again; null when none waits.</summary>
    public TimeSpan? NextDueIn()
    {
        TimeSpan? next = null;
        foreach (var tenant in _index.Failing) // only a refused tenant waits
        {
            if (!tenant.InFlight && tenant.Wait > TimeSpan.Zero && tenant.HasQueued)
            {
                var left = tenant.Wait - _time.GetElapsedTime(tenant.WaitFrom);
                left = left > TimeSpan.Zero ? left : TimeSpan.Zero;
                next = next is null || left < next ? left : next;
            }
        }

        return next;
    }

    /// <summary>Sets the per-tenant gauges that changed, forgets idle tenants, and logs a change of pause.</summary>
    public void Report()
    {
        foreach (var tenant in _index.Dirty)
        {
            tenant.Dirty = false;
            if (!_tenants.TryGetValue(tenant.Tenant, out var current) || !ReferenceEquals(current, tenant))
            {
                continue;
            }

            if (tenant.IsIdle)
            {
                _tenants.Remove(tenant.Tenant);
                _reporter.Forget(tenant.Tenant);
            }
            else
            {
                _reporter.Tenant(tenant);
            }
        }

        _index.Dirty.Clear();
        _reporter.Totals(StalledTenants, DivertedTenants, MainTopicPause, HeldRecords, HeldBytes);
    }

    /// <summary>Forgets every tenant (the loop stops); nothing is completed.</summary>
    public void Clear()
    {
        foreach (var tenant in _tenants.Keys)
        {
            _reporter.Forget(tenant);
        }

        _tenants.Clear();
        _index.Clear();
        HeldRecords = 0;
        _mainBytes = 0;
        _retryBytes = 0;
        _reporter.Cleared();
    }

    private void Count(TenantQueue tenant, HeldRecord record, int sign)
    {
        var fromRetryTopic = record.Position.Topic == _retryTopic;
        _index.Count(tenant, record.Bytes * sign, sign, fromRetryTopic);
        HeldRecords += sign;
        if (fromRetryTopic)
        {
            _retryBytes += record.Bytes * sign;
        }
        else
        {
            _mainBytes += record.Bytes * sign;
        }
    }

    private TenantQueue Tenant(string name)
    {
        if (!_tenants.TryGetValue(name, out var tenant))
        {
            tenant = new TenantQueue(name);
            _tenants[name] = tenant;
            _index.MarkDirty(tenant);
        }

        return tenant;
    }

    private TenantWork Start(TenantQueue tenant, TenantWork work)
    {
        tenant.InFlight = true;
        InFlight++;
        return work;
    }

    private void Divert(TenantQueue tenant, long since)
    {
        tenant.Diverted = true;
        _index.Diverted++;
        _logger.LogWarning(
            "Sink {Sink}: tenant {Tenant} refused for {Seconds:0} s (longer than MaxTenantStall {Stall}) while other tenants are written; moving its held records to {RetryTopic}",
            _sink, tenant.Tenant, _time.GetElapsedTime(since).TotalSeconds, _options.MaxTenantStall, _retryTopic);
    }

    private void Refused(TenantQueue tenant, Sinks.SinkResponse? refusal, string reason, int records)
    {
        var now = _time.GetTimestamp();
        tenant.FailingSince ??= now;
        _index.Failing.Add(tenant);

        // The stall clock runs only while the sink takes other tenants: after an outage of the whole sink, a tenant
        // is not diverted before it was refused for MaxTenantStall on its own.
        tenant.StalledSince = SinkDown ? null : tenant.StalledSince ?? now;
        var delay = _backoff.Next(tenant.Attempts, refusal?.RetryAfter);
        RetryLog.Write(_logger, _sink, tenant.Tenant, records, tenant.Attempts, refusal ?? new Sinks.SinkResponse(Sinks.SinkOutcome.Retryable, 0, reason), delay);
        tenant.Attempts++;
        tenant.WaitFrom = now;
        tenant.Wait = delay;
    }

    private void FinishedMove(TenantQueue tenant, TenantWorkResult result)
    {
        foreach (var record in result.Moved)
        {
            Complete(record);
        }

        if (result.Moved.Count > 0)
        {
            _metrics.RecordsMovedToRetryTopic.WithLabels(_sink, tenant.Tenant).Inc(result.Moved.Count);
            _logger.LogInformation("Sink {Sink}: moved {Count} records of tenant {Tenant} to {RetryTopic}", _sink, result.Moved.Count, tenant.Tenant, _retryTopic);
        }

        var moved = result.Moved.ToHashSet();
        var left = result.Work.Records.Where(r => !moved.Contains(r) && !r.IsDone).ToList();
        if (left.Count == 0)
        {
            tenant.MoveFailures = 0;
            tenant.MoveWait = TimeSpan.Zero;
            return;
        }

        tenant.PutBack(left, _time.GetTimestamp());
        var delay = _backoff.Next(tenant.MoveFailures++);
        tenant.MoveWaitFrom = _time.GetTimestamp();
        tenant.MoveWait = delay;
        _logger.LogError(
            "Sink {Sink}: could not move {Count} records of tenant {Tenant} to {RetryTopic}: {Reason}; trying again in {Delay} ms",
            _sink, left.Count, tenant.Tenant, _retryTopic, result.Error, (long)delay.TotalMilliseconds);
    }

    /// <summary>A tenant deleted while its records waited: they are dropped now rather than written (their offsets count as done).</summary>
    /// <returns>Always true, to chain it before taking the records to send.</returns>
    private bool DropDeleted(TenantQueue tenant)
    {
        if (Drops is { } drops && tenant.HeldRecords > 0)
        {
            foreach (var record in tenant.RemoveWhere(drops))
            {
                Complete(record);
            }
        }

        return true;
    }

    private List<HeldRecord> WithoutDeleted(List<HeldRecord> records)
    {
        if (Drops is { } drops && records.Count > 0)
        {
            foreach (var record in records.Where(drops).ToList())
            {
                records.Remove(record);
                Complete(record);
            }
        }

        return records;
    }

    private void Complete(HeldRecord record)
    {
        record.Complete();
        Release(record);
    }
}

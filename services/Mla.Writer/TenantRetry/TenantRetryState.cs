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
/// This class hands out the jobs and takes their results; the parts it owns keep the rest: the records held and
/// their memory budget (<see cref="HeldRecordLedger"/>), the sink's refusals and each tenant's back-off
/// (<see cref="TenantRefusals"/>), the move to the retry topic (<see cref="RetryTopicDiversion"/>), the deleted
/// tenants' records dropped before a send or move (<see cref="DeletedTenantRecords"/>), the indexes that spare
/// walking every tenant (<see cref="TenantRetryIndex"/>) and the gauges (<see cref="TenantRetryReporter"/>).
/// Used from the consume loop's thread only; the jobs run elsewhere and come back through <see cref="Finished"/>.
/// </summary>
public sealed class TenantRetryState
{
    private readonly SinkOptions _options;
    private readonly TimeProvider _time;
    private readonly TenantRetryIndex _index;
    private readonly HeldRecordLedger _ledger;
    private readonly DeletedTenantRecords _deleted;
    private readonly RetryTopicDiversion _diversion;
    private readonly TenantRefusals _refusals;
    private readonly TenantRetryReporter _reporter;

    public TenantRetryState(string sink, string retryTopic, SinkOptions options, Backoff backoff, WriterMetrics metrics, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _index = new TenantRetryIndex(options.MaxHeldBytesPerTenant);
        _ledger = new HeldRecordLedger(retryTopic, options.MaxHeldBytes, _index);
        _deleted = new DeletedTenantRecords(_ledger);
        _diversion = new RetryTopicDiversion(sink, retryTopic, options, backoff, metrics, time, logger, _ledger, _index, _deleted);
        _refusals = new TenantRefusals(sink, backoff, time, logger, _index, _diversion);
        _reporter = new TenantRetryReporter(sink, metrics, logger);
    }

    /// <summary>Asked before a tenant's records are sent or moved: true drops the record (its tenant was deleted meanwhile).</summary>
    public Func<HeldRecord, bool>? Drops
    {
        get => _deleted.Drops;
        set => _deleted.Drops = value;
    }

    /// <summary>Jobs handed out and not finished yet.</summary>
    public int InFlight { get; private set; }

    /// <summary>Records held (batched, queued, or in a job) and not yet written, dead-lettered or moved.</summary>
    public int HeldRecords => _ledger.HeldRecords;

    public long HeldBytes => _ledger.MainBytes + _ledger.RetryBytes;

    /// <summary>Tenants the sink refuses now (their last answer was retryable).</summary>
    public int StalledTenants => _index.Failing.Count;

    public int DivertedTenants => _index.Diverted;

    /// <summary>No answer with an HTTP status (connection refused, timeout), or at least two tenants refused and nothing accepted since the first was.</summary>
    public bool SinkDown => _refusals.SinkDown;

    /// <summary>Whether the main topic's partitions must pause now, and why.</summary>
    public ConsumptionPause MainTopicPause =>
        SinkDown ? ConsumptionPause.SinkDown
        : _ledger.MainTopicOverBudget ? ConsumptionPause.MemoryBudget
        : ConsumptionPause.None;

    /// <summary>
    /// Whether the retry topic's partitions must pause: as the main topic's, and while a tenant holding records read
    /// from it is still refused (they are retried from memory; what follows them waits in the topic).
    /// </summary>
    public ConsumptionPause RetryTopicPause =>
        SinkDown ? ConsumptionPause.SinkDown
        : _ledger.RetryTopicOverBudget ? ConsumptionPause.MemoryBudget
        : _index.Failing.Any(t => t.RetryRecords > 0) ? ConsumptionPause.TenantStillRefused
        : ConsumptionPause.None;

    /// <summary>A record read and kept (it will be batched): counted in its tenant's memory.</summary>
    public void Hold(HeldRecord record) => _ledger.Hold(record);

    /// <summary>A batch the batcher cut: queued behind its tenant's earlier ones.</summary>
    public void Enqueue(TenantBatch batch)
    {
        var tenant = _ledger.Tenant(batch.Tenant);
        tenant.Enqueue(batch);
        _index.MakeRunnable(tenant);
    }

    /// <summary>A record no longer held without being completed (its partition was revoked, or a deleted tenant's record was dropped).</summary>
    public void Release(HeldRecord record) => _ledger.Release(record);

    /// <summary>Drops queued records matching <paramref name="predicate"/> (revoked partitions); returns how many. Records in a job come back through <see cref="Finished"/>.</summary>
    public int RemoveWhere(Func<HeldRecord, bool> predicate) => _ledger.RemoveWhere(predicate);

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
            if (tenant.InFlight || !_ledger.IsCurrent(tenant))
            {
                continue;
            }

            _diversion.DivertIfStalled(tenant, sinkDown);
            if (_diversion.TakeMove(tenant) is { } move)
            {
                (work ??= []).Add(Start(tenant, move));
                continue;
            }

            if (tenant.IsDue(_time) && _deleted.DropQueued(tenant) && tenant.Head() is { Count: > 0 } head)
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
        var tenant = _ledger.Tenant(work.Tenant);
        tenant.InFlight = false;
        InFlight--;
        _index.MakeRunnable(tenant);
        if (work.Kind == TenantWorkKind.Move)
        {
            _diversion.Finished(tenant, result);
            return;
        }

        if (result.Attempt is not { } attempt)
        {
            // The attempt itself failed (shutdown, or an unexpected error): the same records are tried again later.
            _refusals.Refused(tenant, null, result.Error ?? "no answer", work.Records.Count);
            return;
        }

        foreach (var record in attempt.Written.Concat(attempt.DeadLettered))
        {
            _ledger.Complete(record);
        }

        _refusals.Answered(tenant, attempt);
    }

    /// <summary>How long until a refused tenant with queued records may be tried again; null when none waits.</summary>
    public TimeSpan? NextDueIn() => _refusals.NextDueIn();

    /// <summary>Sets the per-tenant gauges that changed, forgets idle tenants, and logs a change of pause.</summary>
    public void Report()
    {
        foreach (var tenant in _index.Dirty)
        {
            tenant.Dirty = false;
            if (!_ledger.IsCurrent(tenant))
            {
                continue;
            }

            if (tenant.IsIdle)
            {
                _ledger.Forget(tenant);
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
        foreach (var tenant in _ledger.TenantNames)
        {
            _reporter.Forget(tenant);
        }

        _ledger.Clear();
        _index.Clear();
        _reporter.Cleared();
    }

    private TenantWork Start(TenantQueue tenant, TenantWork work)
    {
        tenant.InFlight = true;
        InFlight++;
        return work;
    }
}

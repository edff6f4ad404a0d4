using Mla.Writer.Batching;
using Mla.Writer.Sinks;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// One tenant's part of a sink's retry state: its batches in arrival order (the head is the one sent, at most one
/// at a time), the memory they hold, and whether the sink is refusing it (since when, how often, next try).
/// Used from the consume loop's thread only.
/// </summary>
internal sealed class TenantQueue(string tenant)
{
    private readonly List<TenantBatch> _batches = [];

    public string Tenant { get; } = tenant;

    /// <summary>A job of this tenant is with the request workers.</summary>
    public bool InFlight { get; set; }

    /// <summary>Retryable answers in a row.</summary>
    public int Attempts { get; set; }

    /// <summary>When the first of the retryable answers in a row came; null while the sink takes this tenant.</summary>
    public long? FailingSince { get; set; }

    /// <summary>Since when it is refused while the sink takes other tenants (the clock of <c>MaxTenantStall</c>); null while the sink is down as a whole.</summary>
    public long? StalledSince { get; set; }

    public SinkResponse? LastRefusal { get; set; }

    /// <summary>The next send (or move) waits until <see cref="WaitFrom"/> + <see cref="Wait"/>.</summary>
    public long WaitFrom { get; set; }

    public TimeSpan Wait { get; set; }

    /// <summary>Stalled longer than <c>MaxTenantStall</c>: its records from the main topic go to the retry topic until the sink takes it again.</summary>
    public bool Diverted { get; set; }

    public int MoveFailures { get; set; }

    /// <summary>After a failed move, the next waits until <see cref="MoveWaitFrom"/> + <see cref="MoveWait"/>.</summary>
    public long MoveWaitFrom { get; set; }

    public TimeSpan MoveWait { get; set; }

    public int HeldRecords { get; private set; }

    /// <summary>Bytes held of records read from the main topic.</summary>
    public long MainBytes { get; private set; }

    /// <summary>Bytes held of records read from the retry topic.</summary>
    public long RetryBytes { get; private set; }

    /// <summary>Records read from the retry topic still held.</summary>
    public int RetryRecords { get; private set; }

    /// <summary>Held records changed since the gauges were last set: it is in the retry state's list of such tenants.</summary>
    public bool Dirty { get; set; }

    /// <summary>In the retry state's round-robin queue of tenants to look at for work.</summary>
    public bool Runnable { get; set; }

    public bool IsDue(TimeProvider time) => Wait <= TimeSpan.Zero || time.GetElapsedTime(WaitFrom) >= Wait;

    public bool IsMoveDue(TimeProvider time) => MoveWait <= TimeSpan.Zero || time.GetElapsedTime(MoveWaitFrom) >= MoveWait;

    public bool IsIdle => HeldRecords == 0 && !InFlight && FailingSince is null && !Diverted;

    /// <summary>Counts records in (positive) or out (negative) of the memory held.</summary>
    public void Count(long bytes, int records, bool fromRetryTopic)
    {
        HeldRecords += records;
        if (fromRetryTopic)
        {
            RetryRecords += records;
            RetryBytes += bytes;
        }
        else
        {
            MainBytes += bytes;
        }
    }

    public void Enqueue(TenantBatch batch) => _batches.Add(batch);

    /// <summary>The records of the oldest batch that are not done yet; empty when nothing is queued.</summary>
    public IReadOnlyList<HeldRecord> Head()
    {
        while (_batches.Count > 0)
        {
            var records = _batches[0].Records.Where(r => !r.IsDone).ToList();
            if (records.Count > 0)
            {
                return records;
            }

            _batches.RemoveAt(0);
        }

        return [];
    }

    public bool HasQueued => Head().Count > 0;

    /// <summary>Takes the queued records read from the main topic (not <paramref name="retryTopic"/>) out of the queue, in order.</summary>
    public List<HeldRecord> TakeMainTopicRecords(string retryTopic)
    {
        var taken = new List<HeldRecord>();
        foreach (var batch in _batches)
        {
            batch.RemoveWhere(r =>
            {
                if (r.IsDone || r.Position.Topic == retryTopic)
                {
                    return false;
                }

                taken.Add(r);
                return true;
            });
        }

        _batches.RemoveAll(b => b.Count == 0);
        return taken;
    }

    /// <summary>Puts records back at the front (a move that did not take them all).</summary>
    public void PutBack(IReadOnlyList<HeldRecord> records, long now)
    {
        var batch = new TenantBatch(Tenant, now);
        foreach (var record in records)
        {
            batch.Add(record);
        }

        _batches.Insert(0, batch);
    }

    /// <summary>Drops queued records matching <paramref name="predicate"/> (their partition was revoked); returns them.</summary>
    public List<HeldRecord> RemoveWhere(Func<HeldRecord, bool> predicate)
    {
        var removed = new List<HeldRecord>();
        foreach (var batch in _batches)
        {
            batch.RemoveWhere(r =>
            {
                if (!predicate(r))
                {
                    return false;
                }

                removed.Add(r);
                return true;
            });
        }

        _batches.RemoveAll(b => b.Count == 0);
        return removed;
    }

    /// <summary>Every queued record (shutdown accounting).</summary>
    public IEnumerable<HeldRecord> Queued => _batches.SelectMany(b => b.Records);
}

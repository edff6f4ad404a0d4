namespace Mla.Writer.Batching;

/// <summary>
/// Collects records per tenant and hands out batches: when one reaches its size or record limit, when its first
/// record has waited <c>maxWait</c>, the oldest early when asked (the consumer caught up), or all at once on shutdown.
/// Used from one thread.
/// </summary>
public sealed class TenantBatcher(int maxBytes, int maxRecords, TimeSpan maxWait, TimeProvider time)
{
    private readonly Dictionary<string, TenantBatch> _open = new(StringComparer.Ordinal);

    // Batches in the order they were opened (oldest first), so finding the due ones does not walk every tenant:
    // a batch handed out or emptied stays here until it reaches the front, where it is recognised and skipped.
    private readonly Queue<TenantBatch> _opened = new();

    /// <summary>Records in batches not handed out yet.</summary>
    public int HeldRecords { get; private set; }

    /// <summary>Adds a record; returns the batches that are full now (none, one, or two when one record alone is over the size).</summary>
    public IReadOnlyList<TenantBatch> Add(HeldRecord record)
    {
        List<TenantBatch>? ready = null;
        if (_open.TryGetValue(record.Tenant, out var batch) && batch.Count > 0 && batch.Bytes + record.UncompressedLength > maxBytes)
        {
            (ready ??= []).Add(batch);
            _open.Remove(record.Tenant);
            HeldRecords -= batch.Count;
            batch = null;
        }

        if (batch is null)
        {
            batch = new TenantBatch(record.Tenant, time.GetTimestamp());
            _open[record.Tenant] = batch;
            _opened.Enqueue(batch);
        }

        batch.Add(record);
        HeldRecords++;
        if (batch.Count >= maxRecords || batch.Bytes >= maxBytes)
        {
            (ready ??= []).Add(batch);
            _open.Remove(record.Tenant);
            HeldRecords -= batch.Count;
        }

        return ready ?? (IReadOnlyList<TenantBatch>)[];
    }

    /// <summary>The batches whose first record has waited at least maxWait, oldest first.</summary>
    public IReadOnlyList<TenantBatch> TakeDue()
    {
        List<TenantBatch>? due = null;
        while (Oldest() is { } batch && time.GetElapsedTime(batch.OpenedAt) >= maxWait)
        {
            _opened.Dequeue();
            _open.Remove(batch.Tenant);
            HeldRecords -= batch.Count;
            (due ??= []).Add(batch);
        }

        return due ?? (IReadOnlyList<TenantBatch>)[];
    }

    /// <summary>
    /// Up to <paramref name="count"/> open batches, oldest first, before they are full or due: the consumer has caught
    /// up and request slots are free, so waiting would only add latency (adaptive batching: small batches while the
    /// sink keeps up, fuller ones while it is busy).
    /// </summary>
    public IReadOnlyList<TenantBatch> TakeOldest(int count)
    {
        List<TenantBatch>? taken = null;
        while ((taken?.Count ?? 0) < count && Oldest() is { } batch)
        {
            _opened.Dequeue();
            _open.Remove(batch.Tenant);
            HeldRecords -= batch.Count;
            (taken ??= []).Add(batch);
        }

        return taken ?? (IReadOnlyList<TenantBatch>)[];
    }

    public IReadOnlyList<TenantBatch> TakeAll()
    {
        var all = _open.Values.OrderBy(b => b.OpenedAt).ToList();
        _open.Clear();
        _opened.Clear();
        HeldRecords = 0;
        return all;
    }

    /// <summary>How long until the next batch is due; null when nothing is held.</summary>
    public TimeSpan? NextDueIn()
    {
        if (Oldest() is not { } oldest)
        {
            return null;
        }

        var left = maxWait - time.GetElapsedTime(oldest.OpenedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>The oldest batch still open; batches handed out or emptied meanwhile are dropped from the front.</summary>
    private TenantBatch? Oldest()
    {
        while (_opened.TryPeek(out var batch))
        {
            if (_open.TryGetValue(batch.Tenant, out var open) && ReferenceEquals(open, batch))
            {
                return batch;
            }

            _opened.Dequeue();
        }

        return null;
    }

    /// <summary>Drops held records matching <paramref name="predicate"/> (their partition was revoked); returns how many.</summary>
    public int RemoveWhere(Func<HeldRecord, bool> predicate)
    {
        var removed = 0;
        foreach (var (tenant, batch) in _open.ToList())
        {
            removed += batch.RemoveWhere(predicate);
            if (batch.Count == 0)
            {
                _open.Remove(tenant);
            }
        }

        HeldRecords -= removed;
        return removed;
    }
}

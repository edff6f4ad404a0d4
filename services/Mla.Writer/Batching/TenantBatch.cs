namespace Mla.Writer.Batching;

/// <summary>Records of one tenant sent together; <see cref="OpenedAt"/> is when its first record arrived (TimeProvider timestamp).</summary>
public sealed class TenantBatch(string tenant, long openedAt)
{
    private readonly List<HeldRecord> _records = [];

    public string Tenant { get; } = tenant;

    public long OpenedAt { get; } = openedAt;

    public IReadOnlyList<HeldRecord> Records => _records;

    /// <summary>Uncompressed protobuf bytes held.</summary>
    public long Bytes { get; private set; }

    public int Count => _records.Count;

    public void Add(HeldRecord record)
    {
        _records.Add(record);
        Bytes += record.UncompressedLength;
    }

    /// <summary>Drops the records matching <paramref name="predicate"/> (their partition was revoked); returns how many.</summary>
    public int RemoveWhere(Func<HeldRecord, bool> predicate)
    {
        var removed = _records.RemoveAll(r => predicate(r));
        if (removed > 0)
        {
            Bytes = _records.Sum(r => (long)r.UncompressedLength);
        }

        return removed;
    }
}

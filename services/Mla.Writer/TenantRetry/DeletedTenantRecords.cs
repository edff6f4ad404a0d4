using Mla.Writer.Batching;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// The last check before a tenant's held records are sent or moved to the retry topic: the records of a tenant
/// deleted while they waited are completed without being written (their offsets count as done), so that a late
/// record does not undo the purge of the tenant's data. Used from the consume loop's thread only.
/// </summary>
internal sealed class DeletedTenantRecords(HeldRecordLedger ledger)
{
    /// <summary>True drops the record (its tenant was deleted meanwhile); null drops nothing.</summary>
    public Func<HeldRecord, bool>? Drops { get; set; }

    /// <summary>Drops the deleted tenant's records from its queue, before its head is taken to be sent.</summary>
    /// <returns>Always true, to chain it before taking the records to send.</returns>
    public bool DropQueued(TenantQueue tenant)
    {
        if (Drops is { } drops && tenant.HeldRecords > 0)
        {
            foreach (var record in tenant.RemoveWhere(drops))
            {
                ledger.Complete(record);
            }
        }

        return true;
    }

    /// <summary>Drops the deleted tenant's records from <paramref name="records"/> (taken out of its queue to be moved); returns the list.</summary>
    public List<HeldRecord> Without(List<HeldRecord> records)
    {
        if (Drops is { } drops && records.Count > 0)
        {
            foreach (var record in records.Where(drops).ToList())
            {
                records.Remove(record);
                ledger.Complete(record);
            }
        }

        return records;
    }
}

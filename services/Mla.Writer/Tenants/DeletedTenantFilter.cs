using System.Collections.Concurrent;
using Confluent.Kafka;
using Mla.Writer.Metrics;

namespace Mla.Writer.Tenants;

/// <summary>
/// Asked by the consume loops before a record is batched: drops the records of deleted tenants (<see cref="DeletedTenants"/>),
/// counts them, and logs once per sink and tenant per <see cref="LogInterval"/> rather than per record. Thread-safe.
/// </summary>
public sealed class DeletedTenantFilter(DeletedTenants deletedTenants, WriterMetrics metrics, TimeProvider time, ILogger<DeletedTenantFilter> logger)
{
    public const string TenantDeletedReason = "tenant_deleted";

    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Sink, string Tenant), DropLogThrottle> _logs = new();

    /// <summary>Whether the record must be dropped (a record without a timestamp counts as older than any cut-off).</summary>
    public bool Drops(string tenant, Timestamp timestamp) =>
        deletedTenants.Drops(tenant, timestamp.Type == TimestampType.NotAvailable ? DateTimeOffset.MinValue : timestamp.UtcDateTime);

    /// <summary>True when the record must be dropped; then it was counted and, now and then, logged.</summary>
    public bool TryDrop(string sink, string tenant, Timestamp timestamp)
    {
        if (!Drops(tenant, timestamp))
        {
            return false;
        }

        metrics.RecordsDropped.WithLabels(sink, tenant, TenantDeletedReason).Inc();
        var log = _logs.GetOrAdd((sink, tenant), _ => new DropLogThrottle(LogInterval));
        if (log.Add(time) is { } count)
        {
            logger.LogInformation("Sink {Sink}: tenant {Tenant} is deleted: dropped {Count} records still in Kafka", sink, tenant, count);
        }

        return true;
    }
}

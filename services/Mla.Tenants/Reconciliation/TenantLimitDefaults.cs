using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// Section <c>Mla:Tenants:DefaultLimits</c> (platform) and <c>Mla:Tenants:SeedLimits:&lt;seed&gt;</c> (per seed): what
/// a tenant gets where its cluster has no override. Null: no limit at this level (the next level decides). The
/// platform defaults follow Mimir's and Loki's (ingestion 50,000 samples/s, burst 500,000, 150,000 series; logs 4 and
/// 6 MB/s); the fields are those of KKP's MLAAdminSetting.
/// </summary>
public sealed class TenantLimitDefaults
{
    /// <summary>The platform defaults before configuration (a per-seed level starts empty instead).</summary>
    public static TenantLimitDefaults Platform() => new()
    {
        IngestionRate = 50_000, IngestionBurstSize = 500_000, MaxSeriesTotal = 150_000, LogsIngestionRate = 4, LogsIngestionBurstSize = 6,
    };

    /// <summary>Samples per second.</summary>
    public long? IngestionRate { get; set; }

    public long? IngestionBurstSize { get; set; }

    public long? MaxSeriesPerMetric { get; set; }

    public long? MaxSeriesTotal { get; set; }

    public long? QueryRate { get; set; }

    public long? QueryBurstSize { get; set; }

    public long? MaxSamplesPerQuery { get; set; }

    public long? MaxSeriesPerQuery { get; set; }

    /// <summary>MB per second, as KKP's logging rate limits.</summary>
    public long? LogsIngestionRate { get; set; }

    public long? LogsIngestionBurstSize { get; set; }

    public long? LogsQueryRate { get; set; }

    public long? LogsQueryBurstSize { get; set; }

    public TenantLimits Resolve(MonitoringLimits? monitoring, LoggingLimits? logging)
    {
        var m = monitoring ?? MonitoringLimits.Defaults;
        var l = logging ?? LoggingLimits.Defaults;
        return new TenantLimits(
            new MonitoringLimits(
                m.IngestionRate ?? IngestionRate,
                m.IngestionBurstSize ?? IngestionBurstSize,
                m.MaxSeriesPerMetric ?? MaxSeriesPerMetric,
                m.MaxSeriesTotal ?? MaxSeriesTotal,
                m.QueryRate ?? QueryRate,
                m.QueryBurstSize ?? QueryBurstSize,
                m.MaxSamplesPerQuery ?? MaxSamplesPerQuery,
                m.MaxSeriesPerQuery ?? MaxSeriesPerQuery),
            new LoggingLimits(
                l.IngestionRate ?? LogsIngestionRate,
                l.IngestionBurstSize ?? LogsIngestionBurstSize,
                l.QueryRate ?? LogsQueryRate,
                l.QueryBurstSize ?? LogsQueryBurstSize));
    }
}

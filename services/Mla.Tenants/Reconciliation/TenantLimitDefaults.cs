using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;

namespace Mla.Tenants.Reconciliation;

/// <summary>Section <c>Mla:Tenants:DefaultLimits</c>: what a tenant gets where its cluster has no override (null: unlimited).</summary>
public sealed class TenantLimitDefaults
{
    public long? IngestionRate { get; set; }

    public long? IngestionBurstSize { get; set; }

    public long? MaxSeriesPerMetric { get; set; }

    public long? MaxSeriesTotal { get; set; }

    public long? QueryRate { get; set; }

    public long? QueryBurstSize { get; set; }

    public long? MaxSamplesPerQuery { get; set; }

    public long? MaxSeriesPerQuery { get; set; }

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

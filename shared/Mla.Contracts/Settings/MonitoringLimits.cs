namespace Mla.Contracts.Settings;

/// <summary>Per-tenant metrics limits; <c>null</c> means the platform default.</summary>
public sealed record MonitoringLimits(
    long? IngestionRate,
    long? IngestionBurstSize,
    long? MaxSeriesPerMetric,
    long? MaxSeriesTotal,
    long? QueryRate,
    long? QueryBurstSize,
    long? MaxSamplesPerQuery,
    long? MaxSeriesPerQuery)
{
    public static MonitoringLimits Defaults { get; } = new(null, null, null, null, null, null, null, null);
}

namespace Mla.Gateway.Limits;

/// <summary>The limits in force for one tenant: its overrides over the defaults.</summary>
public sealed record TenantLimits(
    double IngestionRate,
    int IngestionBurstSize,
    int MaxSeriesPerRequest,
    int MaxLabelNamesPerSeries,
    int MaxLabelNameLength,
    int MaxLabelValueLength,
    TimeSpan MaxSampleAge,
    TimeSpan MaxSampleFutureSkew)
{
    /// <summary>The Loki push path's limits.</summary>
    public TenantLogLimits Logs { get; init; } = TenantLogLimits.Resolve(new LogLimitsOptions(), null);

    /// <summary>The read path's limits of its own (null fields: the read path's defaults).</summary>
    public TenantReadLimits Reads { get; init; } = TenantReadLimits.None;

    public static TenantLimits Resolve(LimitsOptions defaults, LimitsOverrideOptions? overrides) => new(
        overrides?.IngestionRate ?? defaults.IngestionRate,
        overrides?.IngestionBurstSize ?? defaults.IngestionBurstSize,
        overrides?.MaxSeriesPerRequest ?? defaults.MaxSeriesPerRequest,
        overrides?.MaxLabelNamesPerSeries ?? defaults.MaxLabelNamesPerSeries,
        overrides?.MaxLabelNameLength ?? defaults.MaxLabelNameLength,
        overrides?.MaxLabelValueLength ?? defaults.MaxLabelValueLength,
        overrides?.MaxSampleAge ?? defaults.MaxSampleAge,
        overrides?.MaxSampleFutureSkew ?? defaults.MaxSampleFutureSkew)
    {
        Logs = TenantLogLimits.Resolve(defaults.Logs, overrides?.Logs),
        Reads = TenantReadLimits.From(overrides?.Reads),
    };
}

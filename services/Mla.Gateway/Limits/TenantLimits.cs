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

    /// <summary>The tenant's own limits (<paramref name="overrides"/>, null: none) over the defaults, by <see cref="LimitLayers{TLimits, TDefaults, TOverrides}"/>.</summary>
    public static TenantLimits Resolve(LimitsOptions defaults, LimitsOverrideOptions? overrides) =>
        LimitLayers<TenantLimits, LimitsOptions, LimitsOverrideOptions>.Resolve(defaults, overrides) with
        {
            Logs = TenantLogLimits.Resolve(defaults.Logs, overrides?.Logs),
            Reads = TenantReadLimits.From(overrides?.Reads),
        };
}

namespace Mla.Gateway.Limits;

/// <summary>The logs limits in force for one tenant. Label name and value lengths are the tenant's (shared with metrics).</summary>
public sealed record TenantLogLimits(
    double IngestionRateBytes,
    int IngestionBurstBytes,
    int MaxLineBytes,
    int MaxLabelNamesPerStream,
    TimeSpan MaxEntryAge,
    TimeSpan MaxEntryFutureSkew,
    int MaxStructuredMetadataBytes,
    int MaxStructuredMetadataEntries)
{
    /// <summary>The tenant's own logs limits (<paramref name="overrides"/>, null: none) over the defaults, by <see cref="LimitLayers{TLimits, TDefaults, TOverrides}"/>.</summary>
    public static TenantLogLimits Resolve(LogLimitsOptions defaults, LogLimitsOverrideOptions? overrides) =>
        LimitLayers<TenantLogLimits, LogLimitsOptions, LogLimitsOverrideOptions>.Resolve(defaults, overrides);
}

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
    public static TenantLogLimits Resolve(LogLimitsOptions defaults, LogLimitsOverrideOptions? overrides) => new(
        overrides?.IngestionRateBytes ?? defaults.IngestionRateBytes,
        overrides?.IngestionBurstBytes ?? defaults.IngestionBurstBytes,
        overrides?.MaxLineBytes ?? defaults.MaxLineBytes,
        overrides?.MaxLabelNamesPerStream ?? defaults.MaxLabelNamesPerStream,
        overrides?.MaxEntryAge ?? defaults.MaxEntryAge,
        overrides?.MaxEntryFutureSkew ?? defaults.MaxEntryFutureSkew,
        overrides?.MaxStructuredMetadataBytes ?? defaults.MaxStructuredMetadataBytes,
        overrides?.MaxStructuredMetadataEntries ?? defaults.MaxStructuredMetadataEntries);
}

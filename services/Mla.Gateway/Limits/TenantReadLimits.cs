namespace Mla.Gateway.Limits;

/// <summary>
/// A tenant's own read-path limits; null: the read path's default (<c>Mla:Gateway:ReadPath</c>), resolved per request
/// so that a changed default applies at once. From the tenant service these are KKP's monitoring limits
/// <c>queryRate</c>, <c>queryBurstSize</c>, <c>maxSeriesPerQuery</c> and <c>maxSamplesPerQuery</c>.
/// </summary>
public sealed record TenantReadLimits(double? QueriesPerSecond, int? QueryBurst, int? MaxSeriesPerQuery, long? MaxSamplesPerQuery)
{
    public static TenantReadLimits None { get; } = new(null, null, null, null);

    public static TenantReadLimits From(ReadLimitsOverrideOptions? overrides) => overrides is null
        ? None
        : new(overrides.QueriesPerSecond, overrides.QueryBurst, overrides.MaxSeriesPerQuery, overrides.MaxSamplesPerQuery);
}

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The read limits in force for one caller: the tenant's own (<see cref="Limits.TenantReadLimits"/>) over the read
/// path's defaults; an admin credential has the defaults.
/// </summary>
public sealed record ReadLimits(double QueriesPerSecond, int QueryBurst, int MaxSeriesPerQuery, long MaxSamplesPerQuery)
{
    public static ReadLimits For(ReadCaller caller, ReadPathOptions settings)
    {
        var own = caller.Tenant?.Limits.Reads;
        return new(
            own?.QueriesPerSecond ?? settings.QueriesPerSecond,
            own?.QueryBurst ?? settings.QueryBurst,
            own?.MaxSeriesPerQuery ?? settings.MaxSeriesPerQuery,
            own?.MaxSamplesPerQuery ?? settings.MaxSamplesPerQuery);
    }
}

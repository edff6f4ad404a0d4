using Mla.Gateway.Limits;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The read limits in force for one caller: the tenant's own (<see cref="Limits.TenantReadLimits"/>) over the read
/// path's defaults; an admin credential has the defaults.
/// </summary>
public sealed record ReadLimits(double QueriesPerSecond, int QueryBurst, int MaxSeriesPerQuery, long MaxSamplesPerQuery)
{
    public static ReadLimits For(ReadCaller caller, ReadPathOptions settings) =>
        LimitLayers<ReadLimits, ReadPathOptions, TenantReadLimits>.Resolve(settings, caller.Tenant?.Limits.Reads);
}

namespace Mla.Contracts.Tenants;

/// <summary>
/// What deprovisioning did with a tenant's stored data: <paramref name="Enabled"/> false means purge is off and the
/// data stays; otherwise one entry per store in <paramref name="Stores"/> and when the last purge was verified.
/// </summary>
public sealed record TenantPurge(bool Enabled, IReadOnlyList<StorePurge> Stores, DateTimeOffset? CompletedAt)
{
    public static TenantPurge Off { get; } = new(false, [], null);

    /// <summary>True when purge was on and every store confirmed (by query or by its status API) that nothing is left.</summary>
    public bool Verified => Enabled && Stores.Count > 0 && Stores.All(s => s.Verified);
}

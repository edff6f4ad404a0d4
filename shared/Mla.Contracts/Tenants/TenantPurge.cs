namespace Mla.Contracts.Tenants;

/// <summary>
/// What deprovisioning did with a tenant's stored data: <paramref name="Enabled"/> false means purge is off and the
/// data stays; otherwise the signals purged (<c>metrics</c>, <c>logs</c>) and when the purge was verified.
/// </summary>
public sealed record TenantPurge(bool Enabled, IReadOnlyList<string> Purged, DateTimeOffset? CompletedAt)
{
    public static TenantPurge Off { get; } = new(false, [], null);
}

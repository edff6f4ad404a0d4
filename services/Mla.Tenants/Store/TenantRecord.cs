using Mla.Contracts.Tenants;

namespace Mla.Tenants.Store;

/// <summary>One stored tenant; <paramref name="ObservedAt"/> is the time of the newest cluster event applied to it.</summary>
public sealed record TenantRecord(
    string Id,
    string ClusterId,
    string Seed,
    string ProjectId,
    TenantStatus Status,
    TenantLimits Limits,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset ObservedAt)
{
    /// <summary>When its last deprovisioning started (null: never deprovisioned).</summary>
    public DateTimeOffset? LastDeprovisionedAt { get; init; }
}

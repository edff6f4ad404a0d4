namespace Mla.Contracts.Tenants;

/// <summary>The resolved limits of a Ready tenant changed; <see cref="TenantState.Limits"/> holds the new ones.</summary>
public sealed record TenantLimitsChanged(string EventId, string Source, DateTimeOffset OccurredAt, TenantState Tenant)
    : IIntegrationEvent;

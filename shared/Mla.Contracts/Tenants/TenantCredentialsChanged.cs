namespace Mla.Contracts.Tenants;

/// <summary>A Ready tenant's accepted certificates or token changed (renewal, expiry of the old certificate).</summary>
public sealed record TenantCredentialsChanged(string EventId, string Source, DateTimeOffset OccurredAt, TenantState Tenant)
    : IIntegrationEvent;

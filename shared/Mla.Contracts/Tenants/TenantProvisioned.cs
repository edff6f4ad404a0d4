namespace Mla.Contracts.Tenants;

/// <summary>A tenant became Ready: its agents may write with the credentials issued for it.</summary>
public sealed record TenantProvisioned(string EventId, string Source, DateTimeOffset OccurredAt, TenantState Tenant)
    : IIntegrationEvent;

namespace Mla.Contracts.Tenants;

/// <summary>A tenant was deleted: its certificates are revoked; <paramref name="Purge"/> says what happened to its data.</summary>
public sealed record TenantDeprovisioned(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    TenantState Tenant,
    TenantPurge Purge) : IIntegrationEvent;

namespace Mla.Contracts.Tenants;

/// <summary>
/// A tenant is being deprovisioned: its credentials are revoked from now on, and writers drop its records still in
/// Kafka, before its data is purged. <see cref="TenantDeprovisioned"/> follows when it is done.
/// </summary>
public sealed record TenantDeprovisioningStarted(string EventId, string Source, DateTimeOffset OccurredAt, TenantState Tenant)
    : IIntegrationEvent;

using MassTransit;
using Mla.Contracts.Tenants;

namespace Mla.Writer.Tenants;

/// <summary>
/// Applies every tenant event to <see cref="DeletedTenants"/> as of its OccurredAt (an older event than what the
/// table holds moves only the cut-off). Idempotent: a redelivered event changes nothing.
/// </summary>
internal sealed class UpdateDeletedTenantsOnTenantEvent(DeletedTenants deletedTenants, ILogger<UpdateDeletedTenantsOnTenantEvent> logger) :
    IConsumer<TenantDeprovisioningStarted>,
    IConsumer<TenantDeprovisioned>,
    IConsumer<TenantProvisioned>,
    IConsumer<TenantLimitsChanged>,
    IConsumer<TenantCredentialsChanged>
{
    public Task Consume(ConsumeContext<TenantDeprovisioningStarted> context) => Apply(context.Message.Tenant, context.Message.OccurredAt, nameof(TenantDeprovisioningStarted));

    public Task Consume(ConsumeContext<TenantDeprovisioned> context) => Apply(context.Message.Tenant, context.Message.OccurredAt, nameof(TenantDeprovisioned));

    public Task Consume(ConsumeContext<TenantProvisioned> context) => Apply(context.Message.Tenant, context.Message.OccurredAt, nameof(TenantProvisioned));

    public Task Consume(ConsumeContext<TenantLimitsChanged> context) => Apply(context.Message.Tenant, context.Message.OccurredAt, nameof(TenantLimitsChanged));

    public Task Consume(ConsumeContext<TenantCredentialsChanged> context) => Apply(context.Message.Tenant, context.Message.OccurredAt, nameof(TenantCredentialsChanged));

    private Task Apply(TenantState tenant, DateTimeOffset occurredAt, string eventName)
    {
        var (before, after) = deletedTenants.Apply(tenant, occurredAt);
        if ((before?.IsDeleted ?? false) != after.IsDeleted)
        {
            DeletedTenantsRefresher.LogChange(logger, tenant.Id, after.IsDeleted, tenant.Status, eventName);
        }

        return Task.CompletedTask;
    }
}

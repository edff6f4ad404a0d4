using MassTransit;
using Mla.Contracts.Tenants;
using Mla.Tenants.Client;

namespace Mla.Gateway.Tenants;

/// <summary>
/// Applies the tenant service's events to this replica's table (each replica has its own queue): new tenants, new
/// limits and certificates within a moment, and a deprovisioned tenant's credentials refused at once.
/// </summary>
internal sealed class FollowTenantEvents(TenantFeed feed, TenantFeedService service, ILogger<FollowTenantEvents> logger)
    : IConsumer<TenantProvisioned>,
        IConsumer<TenantLimitsChanged>,
        IConsumer<TenantCredentialsChanged>,
        IConsumer<TenantDeprovisioningStarted>,
        IConsumer<TenantDeprovisioned>
{
    public Task Consume(ConsumeContext<TenantProvisioned> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "provisioned", context.CancellationToken);

    public Task Consume(ConsumeContext<TenantLimitsChanged> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "limits changed", context.CancellationToken);

    public Task Consume(ConsumeContext<TenantCredentialsChanged> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "credentials changed", context.CancellationToken);

    public Task Consume(ConsumeContext<TenantDeprovisioningStarted> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "deprovisioning", context.CancellationToken);

    public Task Consume(ConsumeContext<TenantDeprovisioned> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "deprovisioned", context.CancellationToken);

    private async Task ApplyAsync(TenantState state, DateTimeOffset occurredAt, string what, CancellationToken cancellationToken)
    {
        if (!feed.Serves(state))
        {
            return;
        }

        if (state.Status == TenantStatus.Ready)
        {
            // The first tenant of a seed brings its CA into existence: trust it before the tenant's agents arrive.
            try
            {
                await service.EnsureAuthoritiesAsync([state.Seed], cancellationToken);
            }
            catch (TenantsApiException ex)
            {
                // Apply the tenant anyway (its limits, its revocations); the CA comes with the next full read.
                logger.LogWarning("Tenant {Tenant}: the CA of seed {Seed} could not be fetched yet ({Reason})", state.Id, state.Seed, ex.Message);
            }
        }

        if (feed.Apply(state, occurredAt))
        {
            logger.LogInformation("Tenant {Tenant} {What}: now {Status}", state.Id, what, state.Status);
        }
    }
}

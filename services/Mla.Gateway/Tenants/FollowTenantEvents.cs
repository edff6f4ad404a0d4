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
        IConsumer<TenantDeprovisioned>,
        IConsumer<SeedAuthoritiesChanged>
{
    public Task Consume(ConsumeContext<TenantProvisioned> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "provisioned", context.CancellationToken);

    public Task Consume(ConsumeContext<TenantLimitsChanged> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "limits changed", context.CancellationToken);

    public Task Consume(ConsumeContext<TenantCredentialsChanged> context) =>
        ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "credentials changed", context.CancellationToken, credentialsChanged: true);

    public Task Consume(ConsumeContext<TenantDeprovisioningStarted> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "deprovisioning", context.CancellationToken);

    public Task Consume(ConsumeContext<TenantDeprovisioned> context) => ApplyAsync(context.Message.Tenant, context.Message.OccurredAt, "deprovisioned", context.CancellationToken);

    /// <summary>A seed's CA list changed (a rotation): trust exactly the CAs listed, newest list per seed wins.</summary>
    public Task Consume(ConsumeContext<SeedAuthoritiesChanged> context)
    {
        if (feed.ServesSeed(context.Message.Seed))
        {
            service.ApplyAuthorities(context.Message);
        }

        return Task.CompletedTask;
    }

    private async Task ApplyAsync(TenantState state, DateTimeOffset occurredAt, string what, CancellationToken cancellationToken, bool credentialsChanged = false)
    {
        if (!feed.Serves(state))
        {
            return;
        }

        if (state.Status == TenantStatus.Ready)
        {
            // The first tenant of a seed brings its CA into existence: trust it before the tenant's agents arrive. New
            // credentials may come from a new CA (a rotation): re-read the seed's list unless it was read since.
            try
            {
                await (credentialsChanged
                    ? service.RefreshAuthoritiesAsync([state.Seed], occurredAt, cancellationToken)
                    : service.EnsureAuthoritiesAsync([state.Seed], cancellationToken));
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

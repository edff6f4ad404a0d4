using Microsoft.Extensions.Options;

namespace Mla.Gateway.Tenants;

/// <summary>
/// Fills the tenant directory from configuration at start. Not on reload: a reloaded section that fails validation
/// would throw inside the configuration's change callback; the tenant service's events will keep the table current.
/// </summary>
internal sealed class ConfigurationTenantSync(
    ITenantDirectory directory,
    IOptions<GatewayOptions> options,
    ILogger<ConfigurationTenantSync> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var current = options.Value;
        var snapshot = ConfigurationTenants.Build(current);
        directory.Replace(snapshot);
        logger.LogInformation("Tenant table loaded from configuration: {Tenants} tenants", snapshot.Count);
        if (current.TrustTenantHeader)
        {
            logger.LogWarning(
                "Mla:Gateway:TrustTenantHeader is on: requests without a client certificate or token choose their tenant with X-Scope-OrgID. "
                + "Only run like this behind a proxy that authenticates clients and sets the header itself");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

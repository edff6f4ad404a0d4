using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Mla.Gateway.Tenants;

/// <summary>Not ready until the tenant table was read once from the tenant service (when the gateway follows one).</summary>
internal sealed class TenantFeedReadinessCheck(TenantFeed feed, IOptions<GatewayOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Value.TenantService.Enabled || feed.Loaded
            ? HealthCheckResult.Healthy($"{feed.Count} tenants from the tenant service")
            : HealthCheckResult.Unhealthy("the tenant table has not been read from the tenant service yet"));
}

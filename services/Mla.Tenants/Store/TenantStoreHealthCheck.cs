using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mla.Contracts.Tenants;

namespace Mla.Tenants.Store;

/// <summary>Ready only while the tenant store answers a query.</summary>
internal sealed class TenantStoreHealthCheck(ITenantStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var ready = await store.CountAsync(TenantStatus.Ready, cancellationToken);
            return HealthCheckResult.Healthy($"{ready} tenants ready");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"tenant store does not answer: {ex.GetType().Name}");
        }
    }
}

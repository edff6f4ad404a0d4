using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mla.Webhooks.Catalog;

/// <summary>Ready only while the catalog database answers a query.</summary>
internal sealed class CatalogHealthCheck(IFleetCatalog catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await catalog.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{count} objects");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"catalog database does not answer: {ex.Message}");
        }
    }
}

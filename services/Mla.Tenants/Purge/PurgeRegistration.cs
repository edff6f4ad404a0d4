using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mla.Tenants.Purge;

/// <summary>Registers <see cref="ITenantDataPurge"/> over the stores of <c>Mla:Tenants:Purge</c> (read from <see cref="TenantsOptions.Purge"/>).</summary>
public static class PurgeRegistration
{
    /// <summary>The HTTP client the purge talks to the stores with (timeouts are per request, from <see cref="PurgeOptions.RequestTimeout"/>).</summary>
    public const string HttpClientName = "mla-tenants-purge";

    public static IServiceCollection AddTenantDataPurge(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<PurgeMetrics>();
        services.TryAddSingleton<ITenantDataPurge, TenantDataPurge>();
        return services;
    }
}

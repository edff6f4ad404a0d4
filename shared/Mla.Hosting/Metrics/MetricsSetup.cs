using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Listeners;
using Prometheus;

namespace Mla.Hosting.Metrics;

public static class MetricsSetup
{
    /// <summary>
    /// One Prometheus registry per application (not the process-wide default), so that several services or test
    /// instances in one process each export exactly their own series. Services take <see cref="IMetricFactory"/>.
    /// </summary>
    public static IServiceCollection AddMlaMetrics(this IServiceCollection services)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        services.AddSingleton(registry);
        services.AddSingleton<IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(registry));
        return services;
    }

    public static IEndpointRouteBuilder MapMlaMetrics(this IEndpointRouteBuilder endpoints)
    {
        var registry = endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>();
        endpoints.MapMetrics("/metrics", registry).InternalOnly();
        return endpoints;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mla.Hosting.Health;
using Mla.Hosting.Options;

namespace Mla.Hosting.Loops;

public static class LoopSetup
{
    public static IServiceCollection AddMlaLoops(this IServiceCollection services)
    {
        services.AddValidatedOptions<LoopOptions>(LoopOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LoopSupervisor>();
        services.AddHealthChecks()
            .AddCheck<LoopsReadinessCheck>("loops", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<LoopsLivenessCheck>("loops-failing", tags: [HealthEndpoints.LiveTag]);
        return services;
    }
}

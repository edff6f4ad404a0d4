using Microsoft.Extensions.Options;
using Mla.Hosting.Options;
using Mla.Storage;

namespace Mla.Exporters.Rollouts;

/// <summary>Fleet upgrades of the agents in waves: the store, the loop, the API.</summary>
internal static class RolloutServiceExtensions
{
    /// <summary>Registers the rollouts; call before the export loop's hosted service (the stored rollouts are read first).</summary>
    public static IServiceCollection AddAgentRollouts(this IServiceCollection services)
    {
        services.AddValidatedOptions<RolloutOptions>(RolloutOptions.SectionName);
        // Keyed: in the composed host the other services have their own databases.
        services.AddKeyedSingleton(RolloutOptions.SectionName, (sp, _) => SqlDatabase.Create(sp.GetRequiredService<IOptions<RolloutOptions>>().Value));
        services.AddSingleton<RolloutStore>();
        services.AddSingleton<RolloutVersions>();
        services.AddSingleton<RolloutSignal>();
        services.AddSingleton<RolloutMetrics>();
        services.AddSingleton<IRolloutEvents, BusRolloutEvents>();
        services.AddSingleton<RolloutEngine>();
        services.AddSingleton<RolloutRetention>();
        services.AddSingleton<RolloutHealthSource>();
        services.AddSingleton<RolloutCommands>();
        services.AddHostedService<RolloutStartup>();
        services.AddHostedService<RolloutLoop>();
        return services;
    }
}

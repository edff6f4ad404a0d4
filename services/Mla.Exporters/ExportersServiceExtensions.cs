using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mla.Exporters.Api;
using Mla.Exporters.Export;
using Mla.Exporters.Fleet;
using Mla.Exporters.Health;
using Mla.Exporters.Live;
using Mla.Exporters.Rollouts;
using Mla.Hosting.Bus;
using Mla.Hosting.Options;
using Mla.Tenants.Client;

namespace Mla.Exporters;

/// <summary>The exporter service: the agents of every user cluster, applied live or rendered to files.</summary>
public static class ExportersServiceExtensions
{
    public static WebApplicationBuilder AddExportersService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ExportersOptions>(ExportersOptions.SectionName);
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }

        services.AddTenantsApiClient(ExportersOptions.SectionName, sp => sp.GetRequiredService<IOptions<ExportersOptions>>().Value.Tenants);
        services.AddSingleton<FleetState>();
        services.AddSingleton<HealthBoard>();
        services.AddSingleton<ICredentialsSource, TenantsCredentialsSource>();
        // The embedded default registers its own (the demo agents' processes) before.
        services.TryAddSingleton<IRenderedAgentHealth, NoRenderedAgentHealth>();
        services.AddSingleton<IKubeconfigSource>(sp => KubeconfigSources.Create(sp));
        services.AddSingleton<IAgentTarget>(sp => sp.GetRequiredService<IOptions<ExportersOptions>>().Value.Mode == ExportMode.Live
            ? ActivatorUtilities.CreateInstance<LiveTarget>(sp)
            : ActivatorUtilities.CreateInstance<RenderTarget>(sp));
        services.AddSingleton<ClusterExporter>();
        // Before the export loop: the stored rollouts are read before its first pass.
        services.AddAgentRollouts();
        services.AddHostedService<ExportLoop>();
        services.ConfigureMlaBus(bus => bus.AddConsumer<FollowFleetEvents>(typeof(EveryReplicaConsumerDefinition<FollowFleetEvents>)));
        return builder;
    }

    public static WebApplication MapExportersService(this WebApplication app)
    {
        app.MapAgentEndpoints();
        app.MapRolloutEndpoints();
        return app;
    }
}

using Mla.Host.Demo;
using Mla.Host.Targets;
using Mla.Hosting.Options;

namespace Mla.Host;

/// <summary>Composes the selected services into one process, plus the embedded default's demo fleet.</summary>
internal static class HostServiceExtensions
{
    public static WebApplicationBuilder AddHostTargets(this WebApplicationBuilder builder, IReadOnlyList<ServiceTarget> targets)
    {
        foreach (var target in targets)
        {
            target.Add(builder);
        }

        if (targets.Any(t => t.Name == "webhooks"))
        {
            builder.Services.AddValidatedOptions<DemoFleetOptions>(DemoFleetOptions.SectionName);
            builder.Services.AddHostedService<DemoFleetFeeder>();
        }

        return builder;
    }

    public static WebApplication MapHostTargets(this WebApplication app, IReadOnlyList<ServiceTarget> targets)
    {
        foreach (var target in targets)
        {
            target.Map(app);
        }

        return app;
    }
}

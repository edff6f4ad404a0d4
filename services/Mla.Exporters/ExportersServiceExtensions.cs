using Mla.Hosting.Options;

namespace Mla.Exporters;

/// <summary>The exporter service: the agents of every user cluster, applied live or rendered to files.</summary>
public static class ExportersServiceExtensions
{
    public static WebApplicationBuilder AddExportersService(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ExportersOptions>(ExportersOptions.SectionName);
        return builder;
    }

    public static WebApplication MapExportersService(this WebApplication app) => app;
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Mla.Hosting.Health;
using Mla.Hosting.Options;
using Mla.Writer.Configuration;
using Mla.Writer.Consuming;
using Mla.Writer.Delivery;
using Mla.Writer.Health;
using Mla.Writer.Metrics;
using Mla.Writer.Replay;

namespace Mla.Writer;

/// <summary>The writer service: Kafka records of the metrics topic into remote-write sinks, per tenant, at least once.</summary>
public static class WriterServiceExtensions
{
    public static WebApplicationBuilder AddWriterService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<WriterOptions>(WriterOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WriterMetrics>();
        services.AddSingleton<DeadLetterProducer>();
        services.AddSingleton<IDeadLetterWriter>(sp => sp.GetRequiredService<DeadLetterProducer>());
        services.AddSingleton<WriterSinks>();
        services.AddHostedService<WriterBackgroundService>();
        services.AddSingleton<ReplayCoordinator>();
        services.AddHealthChecks().AddCheck<WriterHealthCheck>("writer", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication MapWriterService(this WebApplication app)
    {
        app.MapReplayEndpoints();
        return app;
    }
}

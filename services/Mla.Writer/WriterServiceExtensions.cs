using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mla.Hosting.Bus;
using Mla.Hosting.Health;
using Mla.Hosting.Options;
using Mla.Tenants.Client;
using Mla.Writer.Configuration;
using Mla.Writer.Consuming;
using Mla.Writer.Delivery;
using Mla.Writer.Health;
using Mla.Writer.Metrics;
using Mla.Writer.Replay;
using Mla.Writer.Tenants;
using Mla.Writer.TenantRetry;

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
        services.AddSingleton<ForwardingProducer>();
        services.AddSingleton<DeadLetterProducer>();
        services.AddSingleton<IDeadLetterWriter>(sp => sp.GetRequiredService<DeadLetterProducer>());
        services.AddSingleton<RetryTopicProducer>();
        services.AddSingleton<IRetryTopicWriter>(sp => sp.GetRequiredService<RetryTopicProducer>());
        services.AddSingleton<DeletedTenants>();
        services.AddSingleton<DeletedTenantFilter>();
        services.AddSingleton<WriterSinks>();
        AddTenantFollowing(builder);
        services.AddHostedService<WriterBackgroundService>();
        services.AddSingleton<ReplayCoordinator>();
        services.AddHealthChecks().AddCheck<WriterHealthCheck>("writer", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>The tenant list (read when <c>Mla:Writer:Tenants:Url</c> is set) and the tenant events, into <see cref="DeletedTenants"/>.</summary>
    private static void AddTenantFollowing(WebApplicationBuilder builder)
    {
        builder.Services.AddTenantsApiClient(WriterOptions.SectionName, sp => sp.GetRequiredService<IOptions<WriterOptions>>().Value.Tenants);
        builder.Services.AddHostedService<DeletedTenantsRefresher>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{WriterOptions.SectionName}:{nameof(WriterOptions.Tenants)}:{nameof(TenantsClientOptions.Url)}"]))
        {
            builder.Services.ConfigureMlaBus(bus => bus.AddConsumer<UpdateDeletedTenantsOnTenantEvent>(typeof(EveryReplicaConsumerDefinition<UpdateDeletedTenantsOnTenantEvent>)));
        }
    }

    public static WebApplication MapWriterService(this WebApplication app)
    {
        app.MapReplayEndpoints();
        return app;
    }
}

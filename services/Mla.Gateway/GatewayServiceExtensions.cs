using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mla.Gateway.Auth;
using Mla.Gateway.Kafka;
using Mla.Gateway.Limits;
using Mla.Gateway.Logs;
using Mla.Gateway.Observability;
using Mla.Gateway.Push;
using Mla.Gateway.ReadPath;
using Mla.Gateway.RemoteWrite;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tls;
using Mla.Hosting.Bus;
using Mla.Hosting.Health;
using Mla.Hosting.Listeners;
using Mla.Hosting.Options;
using Mla.Tenants.Client;

namespace Mla.Gateway;

/// <summary>The ingestion gateway: remote write and Loki push from agents in, authenticated and validated, to Kafka.</summary>
public static class GatewayServiceExtensions
{
    public static WebApplicationBuilder AddGatewayService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ITenantDirectory, TenantDirectory>();
        services.AddHostedService<ConfigurationTenantSync>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Tls is { Enabled: true, ClientCaBundlePath: { Length: > 0 } path }
            ? ClientCaBundle.Load(path)
            : ClientCaBundle.Empty());
        services.AddSingleton<ClientTrust>();
        services.AddSingleton<TenantFeed>();
        services.AddTenantsApiClient(GatewayOptions.SectionName, sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.TenantService);
        services.AddSingleton<TenantFeedService>();
        services.AddHostedService(sp => sp.GetRequiredService<TenantFeedService>());
        services.AddHealthChecks().AddCheck<TenantFeedReadinessCheck>("gateway-tenant-table", tags: [HealthEndpoints.ReadyTag]);
        services.ConfigureMlaBus(bus =>
        {
            bus.AddConsumer<FollowTenantEvents>(typeof(EveryReplicaConsumerDefinition<FollowTenantEvents>));
            // The gateway serves with the table it has while the bus is down: the bus does not decide its readiness.
            bus.ConfigureHealthCheckOptions(health => health.Tags.Remove(HealthEndpoints.ReadyTag));
        });
        services.AddSingleton<ClientCertificateVerifier>();
        services.AddSingleton<TenantAuthenticator>();
        services.AddSingleton<TenantRateLimiter>();
        services.AddSingleton(sp => new InFlightBudget(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxInFlightBytes));
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<PushPreparer>();
        services.AddSingleton<IngestionProducer>();
        services.AddHostedService<IngestionProducerLifetime>();
        services.AddSingleton(sp => new RefusalLogLimiter(sp.GetRequiredService<TimeProvider>(), RefusalLogLimiter.DefaultWindow));
        services.AddSingleton<PushPipeline>();
        services.AddSingleton<PushHandler>();
        services.AddSingleton<LogRateLimiter>();
        services.AddSingleton<LogPushHandler>();
        services.AddHealthChecks().AddCheck<KafkaReadinessCheck>("gateway-kafka", tags: [HealthEndpoints.ReadyTag]);
        services.AddReadPath();

        // The TLS endpoint is part of Kestrel's set-up, before options are validated: read its section now.
        var listener = GatewayTlsListener.Create(builder.Configuration.ReadSection<GatewayTlsOptions>(GatewayTlsOptions.SectionName));
        if (listener is not null)
        {
            services.AddMlaListener(listener);
        }

        return builder;
    }

    public static WebApplication MapGatewayService(this WebApplication app)
    {
        app.MapPushEndpoint();
        app.MapReadPath();
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.LogsEnabled)
        {
            app.MapLogPushEndpoint();
        }

        return app;
    }
}

using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Options;

namespace Mla.Hosting.Bus;

public static class BusRegistration
{
    /// <summary>Adds consumers (or anything else) to the process's bus; call from a service's <c>Add…Service</c>.</summary>
    public static IServiceCollection ConfigureMlaBus(this IServiceCollection services, Action<IBusRegistrationConfigurator> configure)
    {
        MlaBusRegistrations.From(services).Add(configure);
        return services;
    }

    /// <summary>
    /// The MassTransit bus with the transport chosen by <c>Mla:Bus:Transport</c>. RabbitMQ publishes wait for the
    /// broker's confirm, so a completed <c>Publish</c> means the broker has the message.
    /// </summary>
    public static WebApplicationBuilder AddMlaBus(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<BusOptions>(BusOptions.SectionName);
        var options = builder.Configuration.ReadSection<BusOptions>(BusOptions.SectionName);
        var registrations = MlaBusRegistrations.From(builder.Services);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            foreach (var configure in registrations.Actions)
            {
                configure(bus);
            }

            if (options.Transport == BusTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = options.RabbitMq;
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.Username);
                        host.Password(rabbit.Password);
                        host.PublisherConfirmation = true;
                        host.RequestedConnectionTimeout(rabbit.ConnectionTimeout);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            // Start serving HTTP (health, readiness) while the broker is still unreachable; /readyz tells.
            host.WaitUntilStarted = false;
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}

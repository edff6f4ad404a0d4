using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Mla.Hosting.Bus;

/// <summary>
/// What each service adds to the one MassTransit bus of its process (consumers, sagas). Services record their part
/// with <see cref="BusRegistration.ConfigureMlaBus"/>; the bus is built once, after every service was added, so the
/// same service code runs alone or inside Mla.Host.
/// </summary>
public sealed class MlaBusRegistrations
{
    private readonly List<Action<IBusRegistrationConfigurator>> _actions = [];

    public IReadOnlyList<Action<IBusRegistrationConfigurator>> Actions => _actions;

    internal void Add(Action<IBusRegistrationConfigurator> action) => _actions.Add(action);

    internal static MlaBusRegistrations From(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(MlaBusRegistrations))?.ImplementationInstance;
        if (existing is MlaBusRegistrations registrations)
        {
            return registrations;
        }

        var created = new MlaBusRegistrations();
        services.AddSingleton(created);
        return created;
    }
}

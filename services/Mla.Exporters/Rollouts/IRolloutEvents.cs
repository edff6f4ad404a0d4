using Mla.Contracts;

namespace Mla.Exporters.Rollouts;

/// <summary>Where the rollout events go (the bus; a list in tests).</summary>
public interface IRolloutEvents
{
    Task PublishAsync(IIntegrationEvent message, CancellationToken cancellationToken);
}

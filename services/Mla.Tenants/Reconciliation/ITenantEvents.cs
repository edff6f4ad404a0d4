namespace Mla.Tenants.Reconciliation;

/// <summary>Where the reconciler announces tenant events (the bus; a recorder in unit tests).</summary>
public interface ITenantEvents
{
    Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : class;
}

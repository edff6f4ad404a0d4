using System.Collections.Concurrent;
using Mla.Tenants.Reconciliation;

namespace Mla.Tenants.Tests.Fakes;

internal sealed class RecordingTenantEvents : ITenantEvents
{
    public ConcurrentQueue<object> Published { get; } = new();

    public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : class
    {
        Published.Enqueue(message);
        return Task.CompletedTask;
    }
}

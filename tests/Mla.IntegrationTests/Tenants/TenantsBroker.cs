using Mla.TestSupport.RabbitMq;

namespace Mla.IntegrationTests.Tenants;

/// <summary>
/// A RabbitMQ broker of the tenant tests' own. The tenant service's queues have fixed names (one per consumer), so
/// two instances of it on one broker compete for the same events, and a shared broker also carries other tests'
/// cluster events into those queues: the tenant tests run one class at a time on a broker nobody else uses.
/// </summary>
public sealed class TenantsBroker : IAsyncLifetime
{
    private RabbitMqServer? _server;

    public RabbitMqServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync() => _server = await RabbitMqServer.StartAsync(ownInstance: true);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

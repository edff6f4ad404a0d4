using Xunit;

namespace Mla.TestSupport.Servers;

/// <summary>
/// One server shared by the tests of a class or collection: started before the first test, disposed after the
/// last. Tests isolate by unique names and must not stop it.
/// </summary>
/// <typeparam name="TServer">The server type (<c>RabbitMqServer</c>, <c>KafkaServer</c>, ...).</typeparam>
public abstract class ServerFixture<TServer> : IAsyncLifetime
    where TServer : class, IAsyncDisposable
{
    private TServer? _server;

    public TServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync() => _server = await StartServerAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected abstract Task<TServer> StartServerAsync();
}

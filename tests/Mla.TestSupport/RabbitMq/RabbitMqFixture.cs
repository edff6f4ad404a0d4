using Xunit;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// One broker shared by the tests of a class or collection (<c>IClassFixture&lt;RabbitMqFixture&gt;</c>, or the
/// <c>RabbitMqCollection</c> of the integration tests). Tests isolate by unique queue and exchange names and must
/// not stop it: a test that stops the broker starts its own with <see cref="RabbitMqServer.StartAsync"/>.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private RabbitMqServer? _server;

    public RabbitMqServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public Uri AmqpUri => Server.AmqpUri;

    public string Host => Server.Host;

    public int Port => Server.Port;

    public string Username => Server.Username;

    public string Password => Server.Password;

    public string VirtualHost => Server.VirtualHost;

    public Uri? ManagementUri => Server.ManagementUri;

    public string Description => Server.Description;

    public async Task InitializeAsync() => _server = await RabbitMqServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}

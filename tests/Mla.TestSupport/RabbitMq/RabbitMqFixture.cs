using Mla.TestSupport.Servers;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// One broker shared by the tests of a class or collection (<c>IClassFixture&lt;RabbitMqFixture&gt;</c>, or the
/// <c>RabbitMqCollection</c> of the integration tests). Tests isolate by unique queue and exchange names and must
/// not stop it: a test that stops the broker starts its own with <see cref="RabbitMqServer.StartAsync"/>.
/// </summary>
public sealed class RabbitMqFixture : ServerFixture<RabbitMqServer>
{
    public Uri AmqpUri => Server.AmqpUri;

    public string Host => Server.Host;

    public int Port => Server.Port;

    public string Username => Server.Username;

    public string Password => Server.Password;

    public string VirtualHost => Server.VirtualHost;

    public Uri? ManagementUri => Server.ManagementUri;

    public string Description => Server.Description;

    protected override Task<RabbitMqServer> StartServerAsync() => RabbitMqServer.StartAsync();
}

using Mla.TestSupport.Servers;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// A RabbitMQ broker for tests, from the first of: <c>MLA_TEST_RABBITMQ</c>, Testcontainers (when a Docker engine
/// answers), the local Debian package. Use <see cref="RabbitMqFixture"/> to share one; start your own with
/// <see cref="StartAsync"/> when a test stops and starts it (local: SIGTERM to its PID, a graceful stop of 6-8 s;
/// connections fail until <see cref="RestartableServer.StartAgainAsync"/>).
/// </summary>
public sealed class RabbitMqServer : RestartableServer
{
    private readonly IRabbitMqBroker _broker;

    private RabbitMqServer(IRabbitMqBroker broker, ServerSource source, TimeSpan startupDuration)
        : base(broker, $"RabbitMQ on amqp://{broker.Host}:{broker.Port}", source, startupDuration) =>
        _broker = broker;

    public string Host => _broker.Host;

    /// <summary>The AMQP port. Stays the same across a stop and start again.</summary>
    public int Port => _broker.Port;

    public string Username => _broker.Username;

    public string Password => _broker.Password;

    public string VirtualHost => _broker.VirtualHost;

    /// <summary><c>amqp://user:pass@host:port/vhost</c> (vhost escaped: "/" is "%2F"), for ConnectionFactory.Uri.</summary>
    public Uri AmqpUri => new UriBuilder("amqp", Host, Port, "/" + Uri.EscapeDataString(VirtualHost))
    {
        UserName = Uri.EscapeDataString(Username),
        Password = Uri.EscapeDataString(Password),
    }.Uri;

    /// <summary>The management HTTP API (same credentials); null for an environment address without <c>MLA_TEST_RABBITMQ_MANAGEMENT</c>.</summary>
    public Uri? ManagementUri => _broker.ManagementUri;

    /// <param name="ownInstance">
    /// True for a test that stops the broker: skips <c>MLA_TEST_RABBITMQ</c> (a broker that is not ours to stop),
    /// so that <see cref="RestartableServer.CanRestart"/> is always true.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<RabbitMqServer> StartAsync(bool ownInstance = false, CancellationToken cancellationToken = default)
    {
        var (broker, source, duration) = await ServerWays.StartAsync<IRabbitMqBroker>(
            ownInstance ? null : Environment.GetEnvironmentVariable(EnvironmentRabbitMq.Variable),
            async address => await EnvironmentRabbitMq.ConnectAsync(address, cancellationToken).ConfigureAwait(false),
            async () => await ContainerRabbitMq.StartAsync(cancellationToken).ConfigureAwait(false),
            async () => await LocalRabbitMq.StartAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var server = new RabbitMqServer(broker, source, duration);
        ServerAnnouncement.Ready(server.Description, server.StartupDuration);
        return server;
    }
}

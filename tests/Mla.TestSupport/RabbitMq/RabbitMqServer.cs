using System.Diagnostics;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// A RabbitMQ broker for tests, from the first of: <c>MLA_TEST_RABBITMQ</c>, Testcontainers (when a Docker engine
/// answers), the local Debian package. Use <see cref="RabbitMqFixture"/> to share one; start your own with
/// <see cref="StartAsync"/> when a test stops and starts it.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly IRabbitMqBroker _broker;

    private RabbitMqServer(IRabbitMqBroker broker, ServerSource source, TimeSpan startupDuration)
    {
        _broker = broker;
        Source = source;
        StartupDuration = startupDuration;
    }

    public ServerSource Source { get; }

    /// <summary>How long the start took (until ready).</summary>
    public TimeSpan StartupDuration { get; }

    /// <summary>Which way, which version, where, which PIDs: one line for the test output.</summary>
    public string Description => _broker.Description;

    public string Host => _broker.Host;

    /// <summary>The AMQP port. Stays the same across <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>.</summary>
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

    /// <summary>False for a broker from the environment: <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> throw.</summary>
    public bool CanRestart => _broker.CanRestart;

    /// <summary>The PIDs of the local broker's processes (epmd, the script, the Erlang VM and its helpers); empty otherwise.</summary>
    public IReadOnlyCollection<int> ProcessIds => _broker.ProcessIds;

    /// <summary>The local broker's directory (config, data, logs; deleted on dispose); null for the other ways.</summary>
    public string? InstancePath => _broker.InstancePath;

    /// <param name="ownInstance">
    /// True for a test that stops the broker: skips <c>MLA_TEST_RABBITMQ</c> (a broker that is not ours to stop),
    /// so that <see cref="CanRestart"/> is always true.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<RabbitMqServer> StartAsync(bool ownInstance = false, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var (broker, source) = await StartBrokerAsync(ownInstance, cancellationToken).ConfigureAwait(false);
        var server = new RabbitMqServer(broker, source, clock.Elapsed);
        ServerAnnouncement.Write($"{server.Description}; ready in {server.StartupDuration.TotalSeconds:0.0} s");
        return server;
    }

    /// <summary>
    /// Stops the broker and waits until it is gone (local: SIGTERM to its PID, a graceful stop of 6-8 s;
    /// container: docker stop). Connections fail until <see cref="StartAgainAsync"/>.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _broker.StopAsync(cancellationToken);

    /// <summary>Starts the stopped broker again on the same ports with the same data, and waits until it is ready.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await _broker.StartAgainAsync(cancellationToken).ConfigureAwait(false);
        ServerAnnouncement.Write($"{Description}; started again in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    public ValueTask DisposeAsync() => _broker.DisposeAsync();

    private static async Task<(IRabbitMqBroker Broker, ServerSource Source)> StartBrokerAsync(bool ownInstance, CancellationToken cancellationToken)
    {
        var address = Environment.GetEnvironmentVariable(EnvironmentRabbitMq.Variable);
        if (!ownInstance && !string.IsNullOrWhiteSpace(address))
        {
            return (await EnvironmentRabbitMq.ConnectAsync(address, cancellationToken).ConfigureAwait(false), ServerSource.EnvironmentAddress);
        }

        return DockerEngine.IsAvailable
            ? (await ContainerRabbitMq.StartAsync(cancellationToken).ConfigureAwait(false), ServerSource.Testcontainers)
            : (await LocalRabbitMq.StartAsync(cancellationToken).ConfigureAwait(false), ServerSource.LocalProcess);
    }
}

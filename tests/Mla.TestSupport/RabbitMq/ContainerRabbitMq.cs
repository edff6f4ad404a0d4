using Mla.TestSupport.Processes;
using Testcontainers.RabbitMq;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// The broker in a container (Testcontainers). Its host ports are chosen free here and bound explicitly, so that
/// a stop and start of the container keeps them (a randomly mapped port would change).
/// </summary>
internal sealed class ContainerRabbitMq : IRabbitMqBroker
{
    /// <summary>The same minor version as the Debian package, so both ways test the same broker.</summary>
    public const string Image = "rabbitmq:3.10-management";
    private const int AmqpPort = 5672;
    private const int ManagementPort = 15672;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly RabbitMqContainer _container;
    private string _version = "?";

    private ContainerRabbitMq(RabbitMqContainer container) => _container = container;

    public string Host => _container.Hostname;

    public int Port => _container.GetMappedPublicPort(AmqpPort);

    public string Username => "mla";

    public string Password => "mla";

    public string VirtualHost => "/";

    public Uri ManagementUri => new($"http://{Host}:{_container.GetMappedPublicPort(ManagementPort)}/");

    public bool CanRestart => true;

    public string Description => $"RabbitMQ: Testcontainers {Image} ({_version}) on amqp://{Host}:{Port}, container {_container.Id[..12]}";

    public IReadOnlyCollection<int> ProcessIds => [];

    public string? InstancePath => null;

    public static async Task<ContainerRabbitMq> StartAsync(CancellationToken cancellationToken)
    {
        var container = new RabbitMqBuilder(Image)
            .WithUsername("mla")
            .WithPassword("mla")
            .WithPortBinding(FreeTcpPort.Next(), AmqpPort)
            .WithPortBinding(FreeTcpPort.Next(), ManagementPort)
            .Build();
        var broker = new ContainerRabbitMq(container);
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            await broker.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            broker._version = await RabbitMqManagement.GetVersionAsync(broker.ManagementUri, broker.Username, broker.Password, cancellationToken).ConfigureAwait(false);
            return broker;
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _container.StopAsync(cancellationToken);

    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        await _container.StartAsync(cancellationToken).ConfigureAwait(false);

        // The container's wait strategy may match the previous run's "startup complete" line: check ourselves.
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        Readiness.WaitAsync(
            $"RabbitMQ container on amqp://{Host}:{Port}",
            async ct => await RabbitMqManagement.IsHealthyAsync(ManagementUri, Username, Password, ct).ConfigureAwait(false)
                && await TcpProbe.CanConnectAsync(Host, Port, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false),
            StartTimeout,
            process: null,
            () => "(see the container's log: docker logs " + _container.Id + ")",
            cancellationToken);
}

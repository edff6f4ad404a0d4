using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;
using Testcontainers.RabbitMq;

namespace Mla.TestSupport.RabbitMq;

/// <summary>The broker in a container (Testcontainers), on host ports that a stop and start keep.</summary>
internal sealed class ContainerRabbitMq : ContainerInstance, IRabbitMqBroker
{
    /// <summary>The same minor version as the Debian package, so both ways test the same broker.</summary>
    public const string Image = "rabbitmq:3.10-management";
    private const int AmqpPort = 5672;
    private const int ManagementPort = 15672;

    private string _version = "?";

    private ContainerRabbitMq(RabbitMqContainer container)
        : base(container)
    {
    }

    public string Host => Container.Hostname;

    public int Port => Container.GetMappedPublicPort(AmqpPort);

    public string Username => "mla";

    public string Password => "mla";

    public string VirtualHost => "/";

    public Uri ManagementUri => new($"http://{Host}:{Container.GetMappedPublicPort(ManagementPort)}/");

    public override string Description => $"RabbitMQ: Testcontainers {Image} ({_version}) on amqp://{Host}:{Port}, container {Container.Id[..12]}";

    public static Task<ContainerRabbitMq> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(
            new ContainerRabbitMq(new RabbitMqBuilder(Image)
                .WithUsername("mla")
                .WithPassword("mla")
                .WithPortBinding(FreeTcpPort.Next(), AmqpPort)
                .WithPortBinding(FreeTcpPort.Next(), ManagementPort)
                .Build()),
            cancellationToken);

    protected override async Task OnFirstReadyAsync(CancellationToken cancellationToken) =>
        _version = await RabbitMqManagement.GetVersionAsync(ManagementUri, Username, Password, cancellationToken).ConfigureAwait(false);

    protected override Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        Readiness.WaitAsync(
            $"RabbitMQ container on amqp://{Host}:{Port}",
            async ct => await RabbitMqManagement.IsHealthyAsync(ManagementUri, Username, Password, ct).ConfigureAwait(false)
                && await TcpProbe.CanConnectAsync(Host, Port, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false),
            StartTimeout,
            process: null,
            () => LogHint,
            cancellationToken);
}

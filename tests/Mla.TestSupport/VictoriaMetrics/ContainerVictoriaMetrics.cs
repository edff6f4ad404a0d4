using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>VictoriaMetrics in a container (Testcontainers), on a host port that a stop and start keep.</summary>
internal sealed class ContainerVictoriaMetrics : ContainerInstance, IVictoriaMetricsInstance
{
    /// <summary>The same version as the Debian package, so both ways test the same server.</summary>
    public const string Image = "victoriametrics/victoria-metrics:v1.79.5";
    private const int HttpPort = 8428;

    private readonly int _hostPort;

    private ContainerVictoriaMetrics(IContainer container, int hostPort)
        : base(container) =>
        _hostPort = hostPort;

    public Uri BaseUri => new($"http://{Container.Hostname}:{_hostPort}/");

    public override string Description => $"VictoriaMetrics: Testcontainers {Image} on {BaseUri}, container {Container.Id[..12]}";

    public static Task<ContainerVictoriaMetrics> StartAsync(CancellationToken cancellationToken)
    {
        var hostPort = FreeTcpPort.Next();
        var container = new ContainerBuilder(Image)
            .WithPortBinding(hostPort, HttpPort)
            .WithCommand("-storageDataPath=/victoria-metrics-data", $"-httpListenAddr=:{HttpPort}", "-search.latencyOffset=0s")
            .Build();
        return StartAsync(new ContainerVictoriaMetrics(container, hostPort), cancellationToken);
    }

    protected override Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        VictoriaMetricsHealth.WaitAsync($"VictoriaMetrics container on {BaseUri}", BaseUri, StartTimeout, null, () => LogHint, cancellationToken);
}

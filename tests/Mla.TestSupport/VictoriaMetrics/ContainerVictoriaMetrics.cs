using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// VictoriaMetrics in a container (Testcontainers). The host port is chosen free here and bound explicitly, so a
/// stop and start of the container keeps it; the data stays in the container's file system in between.
/// </summary>
internal sealed class ContainerVictoriaMetrics : IVictoriaMetricsInstance
{
    /// <summary>The same version as the Debian package, so both ways test the same server.</summary>
    public const string Image = "victoriametrics/victoria-metrics:v1.79.5";
    private const int HttpPort = 8428;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly IContainer _container;
    private readonly int _hostPort;

    private ContainerVictoriaMetrics(IContainer container, int hostPort)
    {
        _container = container;
        _hostPort = hostPort;
    }

    public Uri BaseUri => new($"http://{_container.Hostname}:{_hostPort}/");

    public bool CanRestart => true;

    public string Description => $"VictoriaMetrics: Testcontainers {Image} on {BaseUri}, container {_container.Id[..12]}";

    public IReadOnlyCollection<int> ProcessIds => [];

    public string? InstancePath => null;

    public static async Task<ContainerVictoriaMetrics> StartAsync(CancellationToken cancellationToken)
    {
        var hostPort = FreeTcpPort.Next();
        var container = new ContainerBuilder(Image)
            .WithPortBinding(hostPort, HttpPort)
            .WithCommand("-storageDataPath=/victoria-metrics-data", $"-httpListenAddr=:{HttpPort}", "-search.latencyOffset=0s")
            .Build();
        var instance = new ContainerVictoriaMetrics(container, hostPort);
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            await instance.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return instance;
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
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        VictoriaMetricsHealth.WaitAsync($"VictoriaMetrics container on {BaseUri}", BaseUri, StartTimeout, null,
            () => "(see the container's log: docker logs " + _container.Id + ")", cancellationToken);
}

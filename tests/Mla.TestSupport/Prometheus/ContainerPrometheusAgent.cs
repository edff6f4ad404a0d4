using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Prometheus;

/// <summary>
/// The agent in a container (<c>prom/prometheus</c>, same version as the Debian package). Addresses on this
/// machine (127.0.0.1, localhost) are rewritten to <c>host.docker.internal</c>, mapped to the host gateway, and
/// PEM files are copied into the container.
/// </summary>
internal sealed class ContainerPrometheusAgent : IPrometheusAgentInstance
{
    public const string Image = "prom/prometheus:v2.42.0";
    private const int HttpPort = 9090;
    private const string HostAlias = "host.docker.internal";
    private const string FilesDirectory = "/etc/mla-agent/";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly IContainer _container;
    private readonly int _hostPort;

    private ContainerPrometheusAgent(IContainer container, int hostPort)
    {
        _container = container;
        _hostPort = hostPort;
    }

    public Uri BaseUri => new($"http://{_container.Hostname}:{_hostPort}/");

    public string Description => $"Prometheus agent: Testcontainers {Image} on {BaseUri}, container {_container.Id[..12]}";

    public IReadOnlyCollection<int> ProcessIds => [];

    public string? InstancePath => null;

    public static async Task<ContainerPrometheusAgent> StartAsync(PrometheusAgentOptions options, CancellationToken cancellationToken)
    {
        var hostPort = FreeTcpPort.Next();
        var config = PrometheusAgentConfig.Render(options, ToContainerAddress, path => FilesDirectory + Path.GetFileName(path));
        var builder = new ContainerBuilder(Image)
            .WithPortBinding(hostPort, HttpPort)
            .WithExtraHost(HostAlias, "host-gateway")
            .WithResourceMapping(Encoding.UTF8.GetBytes(config), FilesDirectory + "prometheus.yml")
            .WithCommand(
                "--enable-feature=agent",
                $"--config.file={FilesDirectory}prometheus.yml",
                "--storage.agent.path=/prometheus",
                $"--web.listen-address=:{HttpPort}",
                "--storage.remote.flush-deadline=1s");
        foreach (var file in new[] { options.CertFile, options.KeyFile, options.CaFile }.OfType<string>())
        {
            builder = builder.WithResourceMapping(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), FilesDirectory + Path.GetFileName(file));
        }

        var container = builder.Build();
        var agent = new ContainerPrometheusAgent(container, hostPort);
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            await PrometheusReadiness.WaitAsync($"Prometheus agent container on {agent.BaseUri}", agent.BaseUri, StartTimeout, null,
                () => "(see the container's log: docker logs " + container.Id + ")", cancellationToken).ConfigureAwait(false);
            return agent;
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private static string ToContainerAddress(string address) =>
        address.Replace("127.0.0.1", HostAlias, StringComparison.Ordinal).Replace("localhost", HostAlias, StringComparison.Ordinal);
}

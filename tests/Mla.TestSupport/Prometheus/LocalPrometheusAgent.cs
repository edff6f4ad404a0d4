using System.Globalization;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Prometheus;

/// <summary>
/// Debian's <c>prometheus</c> 2.42 in agent mode as a tracked child on 127.0.0.1, with its config and WAL in an
/// instance directory, always with <c>--storage.remote.flush-deadline=1s</c> (so a stop does not wait a minute).
/// </summary>
internal sealed class LocalPrometheusAgent : IPrometheusAgentInstance
{
    public const string Binary = "/usr/bin/prometheus";
    private const string LocalHost = "127.0.0.1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly InstanceDirectory _directory;
    private readonly int _port;
    private ChildProcess? _server;

    private LocalPrometheusAgent(InstanceDirectory directory)
    {
        _directory = directory;
        _port = FreeTcpPort.Next();
    }

    public Uri BaseUri => new($"http://{LocalHost}:{_port}/");

    public string Description => $"Prometheus agent: local package on {BaseUri} (pid {_server?.Id.ToString(CultureInfo.InvariantCulture) ?? "stopped"}), config {_directory.Combine("prometheus.yml")}";

    public IReadOnlyCollection<int> ProcessIds => _server?.ProcessIds() ?? [];

    public string InstancePath => _directory.Path;

    public static async Task<LocalPrometheusAgent> StartAsync(PrometheusAgentOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new ServerStartException($"Prometheus agent: no Docker engine and no {Binary}. Install the Debian package prometheus.");
        }

        return await PortCollisionRetry.StartAsync(
            () => new LocalPrometheusAgent(InstanceDirectory.Create("prometheus-agent")),
            agent => agent.BootAsync(options, cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        _directory.Dispose();
    }

    private async Task BootAsync(PrometheusAgentOptions options, CancellationToken cancellationToken)
    {
        var config = _directory.Combine("prometheus.yml");
        await File.WriteAllTextAsync(config, PrometheusAgentConfig.Render(options, a => a, f => f), cancellationToken).ConfigureAwait(false);
        var server = ChildProcess.Start(new ChildProcessSpec(
            Binary,
            [
                "--enable-feature=agent",
                $"--config.file={config}",
                $"--storage.agent.path={_directory.Combine("wal")}",
                $"--web.listen-address={LocalHost}:{_port.ToString(CultureInfo.InvariantCulture)}",
                "--storage.remote.flush-deadline=1s",
                "--log.level=warn",
            ],
            _directory.Combine("prometheus-agent.log"))
        {
            WorkingDirectory = _directory.Path,
        });
        _server = server;
        _directory.Track(server);
        await PrometheusReadiness.WaitAsync($"Prometheus agent on {BaseUri}", BaseUri, StartTimeout, server, () => server.ReadLogTail(), cancellationToken)
            .ConfigureAwait(false);
    }
}

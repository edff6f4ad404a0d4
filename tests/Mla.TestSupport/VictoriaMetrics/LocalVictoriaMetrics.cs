using System.Globalization;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// The Debian package's <c>victoria-metrics</c> as a tracked child on 127.0.0.1 with its data in an instance
/// directory. Stop (SIGTERM, which flushes the in-memory data) and start again keep the port and the data.
/// </summary>
internal sealed class LocalVictoriaMetrics : IVictoriaMetricsInstance
{
    public const string Binary = "/usr/bin/victoria-metrics";
    private const string LocalHost = "127.0.0.1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(30);

    private readonly InstanceDirectory _directory;
    private readonly ServerProcessSlot _server = new("VictoriaMetrics", StopGracePeriod);

    private LocalVictoriaMetrics(InstanceDirectory directory)
    {
        _directory = directory;
        Port = FreeTcpPort.Next();
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://{LocalHost}:{Port}/");

    public bool CanRestart => true;

    public string Version { get; private set; } = "?";

    public string Description =>
        $"VictoriaMetrics: local package {Version} on {BaseUri} (pid {_server.Current?.Id.ToString(CultureInfo.InvariantCulture) ?? "stopped"}), data {DataDirectory}";

    public IReadOnlyCollection<int> ProcessIds => _server.Current?.ProcessIds() ?? [];

    public string InstancePath => _directory.Path;

    public string DataDirectory => _directory.Combine("data");

    public static async Task<LocalVictoriaMetrics> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new ServerStartException(
                $"VictoriaMetrics: no Docker engine and no {Binary}. Install the Debian package victoria-metrics, "
                + $"or name a server in {EnvironmentVictoriaMetrics.Variable}.");
        }

        return await PortCollisionRetry.StartAsync(
            () => new LocalVictoriaMetrics(InstanceDirectory.Create("victoria-metrics")),
            async server =>
            {
                server.Version = await PackageVersionAsync(cancellationToken).ConfigureAwait(false);
                await server.StartServerAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();

    public Task StartAgainAsync(CancellationToken cancellationToken)
    {
        _server.EnsureStopped();
        return StartServerAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);

        _directory.Dispose();
    }

    /// <summary>The Debian build prints no version (<c>-version</c> and <c>vm_app_version</c> are empty): ask dpkg.</summary>
    private static async Task<string> PackageVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await Command.RunAsync("dpkg-query", ["-W", "-f=${Version}", "victoria-metrics"], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
            return version.Trim() is { Length: > 0 } known ? known : "?";
        }
        catch (Exception e) when (e is ServerStartException or System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var server = ChildProcess.Start(new ChildProcessSpec(
            Binary,
            [
                $"-storageDataPath={DataDirectory}",
                $"-httpListenAddr={LocalHost}:{Port.ToString(CultureInfo.InvariantCulture)}",
                "-search.latencyOffset=0s",
                "-loggerLevel=WARN",
            ],
            _directory.Combine("victoria-metrics.log"))
        {
            WorkingDirectory = _directory.Path,
        });
        _server.Attach(server);
        _directory.Track(server);
        await VictoriaMetricsHealth.WaitAsync($"VictoriaMetrics on {BaseUri}", BaseUri, StartTimeout, server, () => server.ReadLogTail(), cancellationToken)
            .ConfigureAwait(false);
    }
}

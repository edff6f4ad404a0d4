using System.Globalization;
using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// The Debian package's <c>victoria-metrics</c> as a tracked child on 127.0.0.1 with its data in an instance
/// directory. Stop (SIGTERM, which flushes the in-memory data) and start again keep the port and the data.
/// </summary>
internal sealed class LocalVictoriaMetrics : LocalInstance, IVictoriaMetricsInstance
{
    public const string Binary = "/usr/bin/victoria-metrics";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(30);

    private LocalVictoriaMetrics(InstanceDirectory folder)
        : base(folder, "VictoriaMetrics", StopGracePeriod) =>
        Port = FreeTcpPort.Next();

    public int Port { get; }

    public Uri BaseUri => new($"http://{LocalHost}:{Port}/");

    public string Version { get; private set; } = "?";

    public override string Description =>
        $"VictoriaMetrics: local package {Version} on {BaseUri} (pid {ServerProcessId}), data {DataDirectory}";

    public string DataDirectory => Folder.Combine("data");

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

    protected override async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var server = StartServerProcess(new ChildProcessSpec(
            Binary,
            [
                $"-storageDataPath={DataDirectory}",
                $"-httpListenAddr={LocalHost}:{Port.ToString(CultureInfo.InvariantCulture)}",
                "-search.latencyOffset=0s",
                "-loggerLevel=WARN",
            ],
            Folder.Combine("victoria-metrics.log"))
        {
            WorkingDirectory = Folder.Path,
        });
        await VictoriaMetricsHealth.WaitAsync($"VictoriaMetrics on {BaseUri}", BaseUri, StartTimeout, server, () => server.ReadLogTail(), cancellationToken)
            .ConfigureAwait(false);
    }
}

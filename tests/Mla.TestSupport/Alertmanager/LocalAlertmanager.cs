using System.Globalization;
using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Alertmanager;

/// <summary>
/// The Debian package's <c>prometheus-alertmanager</c> as a tracked child on 127.0.0.1: one route to a receiver that
/// sends nothing, clustering off, its data in an instance directory.
/// </summary>
internal sealed class LocalAlertmanager : LocalInstance
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";
    private const string Config = """
        route:
          receiver: quiet
          group_by: [tenant, alertname]
        receivers:
          - name: quiet
        """;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private LocalAlertmanager(InstanceDirectory folder)
        : base(folder, "Alertmanager", TimeSpan.FromSeconds(10)) =>
        Port = FreeTcpPort.Next();

    public int Port { get; }

    public Uri BaseUri => new($"http://{LocalHost}:{Port}/");

    public override string Description => $"Alertmanager: local package on {BaseUri} (pid {ServerProcessId})";

    public static async Task<LocalAlertmanager> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new ServerStartException($"Alertmanager: no {Binary}. Install the Debian package prometheus-alertmanager.");
        }

        return await PortCollisionRetry.StartAsync(
            () => new LocalAlertmanager(InstanceDirectory.Create("alertmanager")),
            server => server.StartServerAsync(cancellationToken)).ConfigureAwait(false);
    }

    protected override async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var config = Folder.Combine("alertmanager.yml");
        await File.WriteAllTextAsync(config, Config, cancellationToken).ConfigureAwait(false);
        var server = StartServerProcess(new ChildProcessSpec(
            Binary,
            [
                $"--config.file={config}",
                $"--storage.path={Folder.Combine("data")}",
                $"--web.listen-address={LocalHost}:{Port.ToString(CultureInfo.InvariantCulture)}",
                "--cluster.listen-address=",
                "--log.level=warn",
            ],
            Folder.Combine("alertmanager.log"))
        {
            WorkingDirectory = Folder.Path,
        });
        await Readiness.WaitAsync(
            $"Alertmanager on {BaseUri}",
            async ct => (await Http.GetAsync(new Uri(BaseUri, "-/ready"), ct).ConfigureAwait(false)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30),
            server,
            () => server.ReadLogTail(),
            cancellationToken).ConfigureAwait(false);
    }
}

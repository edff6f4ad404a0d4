using System.Globalization;
using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Alerting;

/// <summary>
/// The Debian package's <c>prometheus-alertmanager</c> as a tracked child on 127.0.0.1, gossip off (an empty
/// <c>--cluster.listen-address</c>), its configuration file and data in an instance directory.
/// </summary>
internal sealed class LocalAlertmanager : LocalInstance
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private LocalAlertmanager(InstanceDirectory folder)
        : base(folder, "Alertmanager", TimeSpan.FromSeconds(10)) =>
        Port = FreeTcpPort.Next();

    public int Port { get; }

    public Uri BaseUri => new($"http://{LocalHost}:{Port}/");

    public string ConfigPath => Folder.Combine("alertmanager.yml");

    public override string Description => $"Alertmanager: local package on {BaseUri} (pid {ServerProcessId}), config {ConfigPath}";

    public static async Task<LocalAlertmanager> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new ServerStartException($"Alertmanager: no {Binary}. Install the Debian package prometheus-alertmanager.");
        }

        return await PortCollisionRetry.StartAsync(
            () => new LocalAlertmanager(InstanceDirectory.Create("alertmanager")),
            async server =>
            {
                await File.WriteAllTextAsync(server.ConfigPath, "route:\n  receiver: none\nreceivers:\n  - name: none\n", cancellationToken).ConfigureAwait(false);
                await server.StartServerAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    protected override async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var server = StartServerProcess(new ChildProcessSpec(
            Binary,
            [
                $"--config.file={ConfigPath}",
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
            async ct =>
            {
                using var response = await Http.GetAsync(new Uri(BaseUri, "-/ready"), ct).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            },
            StartTimeout,
            server,
            () => server.ReadLogTail(),
            cancellationToken).ConfigureAwait(false);
    }
}

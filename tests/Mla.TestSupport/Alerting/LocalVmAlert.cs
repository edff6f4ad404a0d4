using System.Globalization;
using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Alerting;

/// <summary>
/// The Debian package's <c>vmalert</c> (package <c>victoria-metrics</c>) as a tracked child on 127.0.0.1: it reads
/// <c>&lt;instance&gt;/rules/*.yml</c>, queries and remote-writes recorded series to one VictoriaMetrics, sends
/// alerts to one Alertmanager, and evaluates every 2 s unless a group says otherwise.
/// </summary>
internal sealed class LocalVmAlert : LocalInstance
{
    public const string Binary = "/usr/bin/vmalert";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Uri _datasource;
    private readonly Uri _notifier;

    private LocalVmAlert(InstanceDirectory folder, Uri datasource, Uri notifier)
        : base(folder, "vmalert", TimeSpan.FromSeconds(10))
    {
        Port = FreeTcpPort.Next();
        _datasource = datasource;
        _notifier = notifier;
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://{LocalHost}:{Port}/");

    public string RulesDirectory => Folder.Combine("rules");

    public override string Description => $"vmalert: local package on {BaseUri} (pid {ServerProcessId}), rules {RulesDirectory}";

    public static async Task<LocalVmAlert> StartAsync(Uri datasource, Uri notifier, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new ServerStartException($"vmalert: no {Binary}. Install the Debian package victoria-metrics.");
        }

        return await PortCollisionRetry.StartAsync(
            () => new LocalVmAlert(InstanceDirectory.Create("vmalert"), datasource, notifier),
            async server =>
            {
                Directory.CreateDirectory(server.RulesDirectory);
                await server.StartServerAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    protected override async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var datasource = _datasource.ToString().TrimEnd('/');
        var server = StartServerProcess(new ChildProcessSpec(
            Binary,
            [
                $"-rule={Path.Combine(RulesDirectory, "*.yml")}",
                $"-datasource.url={datasource}",
                $"-remoteWrite.url={datasource}",
                "-remoteWrite.flushInterval=1s",
                $"-notifier.url={_notifier.ToString().TrimEnd('/')}",
                "-evaluationInterval=2s",
                $"-httpListenAddr={LocalHost}:{Port.ToString(CultureInfo.InvariantCulture)}",
                "-loggerLevel=WARN",
            ],
            Folder.Combine("vmalert.log"))
        {
            WorkingDirectory = Folder.Path,
        });
        await Readiness.WaitAsync(
            $"vmalert on {BaseUri}",
            async ct =>
            {
                using var response = await Http.GetAsync(new Uri(BaseUri, "health"), ct).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            },
            StartTimeout,
            server,
            () => server.ReadLogTail(),
            cancellationToken).ConfigureAwait(false);
    }
}

using System.Globalization;
using Mla.TestSupport.Processes;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// The Debian package's broker run directly (no systemd, no /usr/sbin wrappers), as the README's "RabbitMQ without
/// systemd" describes: its own epmd, node name, ports, cookie, config and data under an instance directory.
/// Stop and start again keep the ports, the node name and the data (and epmd keeps running in between).
/// </summary>
internal sealed class LocalRabbitMq : LocalInstance, IRabbitMqBroker
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // The script traps SIGTERM and stops the Erlang VM gracefully (about 6-8 s).
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(30);

    private readonly int _epmdPort;
    private int _distributionPort;
    private bool _started;
    private readonly string _nodeName = $"mla-{Guid.NewGuid().ToString("N")[..8]}@localhost";
    private ChildProcess? _epmd;
    private string _version = "?";

    private LocalRabbitMq(InstanceDirectory folder)
        : base(folder, "RabbitMQ", StopGracePeriod)
    {
        var ports = FreeTcpPort.Next(4);
        (Port, _epmdPort, _distributionPort) = (ports[0], ports[1], ports[2]);
        ManagementUri = new Uri($"http://{LocalHost}:{ports[3]}/");
    }

    public string Host => LocalHost;

    public int Port { get; }

    public string Username => "guest";

    public string Password => "guest";

    public string VirtualHost => "/";

    public Uri ManagementUri { get; }

    public override string Description =>
        $"RabbitMQ: local package {_version} on amqp://{Host}:{Port} (pid {ServerProcessId}, "
        + $"epmd pid {_epmd?.Id}), management {ManagementUri}, node {_nodeName}, data {Folder.Path}";

    public override IReadOnlyCollection<int> ProcessIds => [.. _epmd?.ProcessIds() ?? [], .. base.ProcessIds];

    public static async Task<LocalRabbitMq> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(ServerScript))
        {
            throw new ServerStartException(
                $"RabbitMQ: no Docker engine and no {ServerScript}. Install the Debian package rabbitmq-server, "
                + $"or name a broker in {EnvironmentRabbitMq.Variable}.");
        }

        return await PortCollisionRetry.StartAsync(
            () => new LocalRabbitMq(InstanceDirectory.Create("rabbitmq")),
            broker => broker.BootAsync(cancellationToken)).ConfigureAwait(false);
    }

    protected override async ValueTask DisposeHelpersAsync()
    {
        if (_epmd is not null)
        {
            await _epmd.DisposeAsync().ConfigureAwait(false);
            _epmd = null;
        }
    }

    protected override async Task StartServerAsync(CancellationToken cancellationToken)
    {
        // Clients see only the AMQP and management ports, which a restart keeps. The node's distribution port is
        // its own business: a fresh one at each start, because while the node was stopped another process may have
        // taken the old one (measured: a restart failing with dist_port_already_used … not_erlang).
        if (_started)
        {
            _distributionPort = FreeTcpPort.Next();
        }

        _started = true;

        var server = StartServerProcess(new ChildProcessSpec(ServerScript, [], Folder.Combine("server.log"))
        {
            WorkingDirectory = Folder.Path,
            Environment = ServerEnvironment(),
        });

        // The alarms check passes when the node runs; the AMQP listener starts a little later, and may accept a
        // connection a while before it answers one: ready once it answers the protocol header.
        await Readiness.WaitAsync(
            $"RabbitMQ on amqp://{Host}:{Port}",
            async ct => await RabbitMqManagement.IsHealthyAsync(ManagementUri, Username, Password, ct).ConfigureAwait(false)
                && await AmqpProbe.AnswersAsync(Host, Port, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false),
            StartTimeout,
            server,
            () => server.ReadLogTail(15) + "\n" + LogTail.Read(Folder.Combine("log", _nodeName + ".log")),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        WriteConfiguration();

        // Our own epmd, started first and tracked: otherwise the node spawns a daemon epmd that outlives it.
        var epmdPath = Directory.GetDirectories("/usr/lib/erlang", "erts-*").Select(d => Path.Combine(d, "bin", "epmd")).First(File.Exists);
        _epmd = ChildProcess.Start(new ChildProcessSpec(
            epmdPath,
            ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture), "-address", LocalHost],
            Folder.Combine("epmd.log")));
        Folder.Track(_epmd);
        await Readiness.WaitAsync(
            $"epmd on {LocalHost}:{_epmdPort}",
            ct => TcpProbe.CanConnectAsync(LocalHost, _epmdPort, TimeSpan.FromSeconds(1), ct),
            TimeSpan.FromSeconds(10),
            _epmd,
            () => _epmd.ReadLogTail(),
            cancellationToken).ConfigureAwait(false);

        await StartServerAsync(cancellationToken).ConfigureAwait(false);
        _version = await RabbitMqManagement.GetVersionAsync(ManagementUri, Username, Password, cancellationToken).ConfigureAwait(false);
    }

    private void WriteConfiguration()
    {
        // The cookie lives in HOME; the CLI tools (rabbitmqctl) need the same HOME to talk to the node.
        var cookie = Folder.Combine(".erlang.cookie");
        File.WriteAllText(cookie, Guid.NewGuid().ToString("N").ToUpperInvariant());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        File.WriteAllText(Folder.Combine("enabled_plugins"), "[rabbitmq_management].\n");
        File.WriteAllText(Folder.Combine("rabbitmq.conf"), string.Create(CultureInfo.InvariantCulture, $"""
            listeners.tcp.1 = {LocalHost}:{Port}
            management.tcp.ip = {LocalHost}
            management.tcp.port = {ManagementUri.Port}
            loopback_users.guest = true

            """));

        // Keeps /etc/rabbitmq/rabbitmq-env.conf (a machine's own settings) out of the instance.
        File.WriteAllText(Folder.Combine("rabbitmq-env.conf"), string.Empty);
    }

    private Dictionary<string, string?> ServerEnvironment() => new()
    {
        ["HOME"] = Folder.Path,
        ["RABBITMQ_NODENAME"] = _nodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = LocalHost,
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_PORT"] = _epmdPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Folder.Combine("mnesia"),
        ["RABBITMQ_LOG_BASE"] = Folder.Combine("log"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Folder.Combine("enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = Folder.Combine("rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Folder.Combine("advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = Folder.Combine("rabbitmq-env.conf"),
        ["RABBITMQ_PID_FILE"] = Folder.Combine("rabbitmq.pid"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["ERL_CRASH_DUMP"] = Folder.Combine("erl_crash.dump"),
    };
}

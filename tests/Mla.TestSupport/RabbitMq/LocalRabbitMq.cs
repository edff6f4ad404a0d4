using System.Globalization;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// The Debian package's broker run directly (no systemd, no /usr/sbin wrappers), as TESTING.md "RabbitMQ without
/// systemd" describes: its own epmd, node name, ports, cookie, config and data under an instance directory.
/// Stop and start again keep the ports, the node name and the data (and epmd keeps running in between).
/// </summary>
internal sealed class LocalRabbitMq : IRabbitMqBroker
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string LocalHost = "127.0.0.1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(30);

    private readonly InstanceDirectory _directory;
    private readonly int _epmdPort;
    private readonly int _distributionPort;
    private readonly string _nodeName = $"mla-{Guid.NewGuid().ToString("N")[..8]}@localhost";
    private ChildProcess? _epmd;
    private readonly ServerProcessSlot _server = new("RabbitMQ", StopGracePeriod);
    private string _version = "?";

    private LocalRabbitMq(InstanceDirectory directory)
    {
        _directory = directory;
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

    public bool CanRestart => true;

    public string Description =>
        $"RabbitMQ: local package {_version} on amqp://{Host}:{Port} (pid {_server.Current?.Id.ToString(CultureInfo.InvariantCulture) ?? "stopped"}, "
        + $"epmd pid {_epmd?.Id}), management {ManagementUri}, node {_nodeName}, data {_directory.Path}";

    public string InstancePath => _directory.Path;

    public IReadOnlyCollection<int> ProcessIds => [.. _epmd?.ProcessIds() ?? [], .. _server.Current?.ProcessIds() ?? []];

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

    // The script traps SIGTERM and stops the Erlang VM gracefully (about 6-8 s).
    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();

    public Task StartAgainAsync(CancellationToken cancellationToken)
    {
        _server.EnsureStopped();
        return StartServerAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // The data is thrown away: no need for a graceful stop.
        await _server.DisposeAsync().ConfigureAwait(false);

        if (_epmd is not null)
        {
            await _epmd.DisposeAsync().ConfigureAwait(false);
            _epmd = null;
        }

        _directory.Dispose();
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        WriteConfiguration();

        // Our own epmd, started first and tracked: otherwise the node spawns a daemon epmd that outlives it.
        var epmdPath = Directory.GetDirectories("/usr/lib/erlang", "erts-*").Select(d => Path.Combine(d, "bin", "epmd")).First(File.Exists);
        _epmd = ChildProcess.Start(new ChildProcessSpec(
            epmdPath,
            ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture), "-address", LocalHost],
            _directory.Combine("epmd.log")));
        _directory.Track(_epmd);
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

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var server = ChildProcess.Start(new ChildProcessSpec(ServerScript, [], _directory.Combine("server.log"))
        {
            WorkingDirectory = _directory.Path,
            Environment = ServerEnvironment(),
        });
        _server.Attach(server);
        _directory.Track(server);

        // The alarms check passes when the node runs; the AMQP listener starts a few milliseconds later.
        await Readiness.WaitAsync(
            $"RabbitMQ on amqp://{Host}:{Port}",
            async ct => await RabbitMqManagement.IsHealthyAsync(ManagementUri, Username, Password, ct).ConfigureAwait(false)
                && await TcpProbe.CanConnectAsync(Host, Port, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false),
            StartTimeout,
            server,
            () => server.ReadLogTail(15) + "\n" + LogTail.Read(_directory.Combine("log", _nodeName + ".log")),
            cancellationToken).ConfigureAwait(false);
    }

    private void WriteConfiguration()
    {
        // The cookie lives in HOME; the CLI tools (rabbitmqctl) need the same HOME to talk to the node.
        var cookie = _directory.Combine(".erlang.cookie");
        File.WriteAllText(cookie, Guid.NewGuid().ToString("N").ToUpperInvariant());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        File.WriteAllText(_directory.Combine("enabled_plugins"), "[rabbitmq_management].\n");
        File.WriteAllText(_directory.Combine("rabbitmq.conf"), string.Create(CultureInfo.InvariantCulture, $"""
            listeners.tcp.1 = {LocalHost}:{Port}
            management.tcp.ip = {LocalHost}
            management.tcp.port = {ManagementUri.Port}
            loopback_users.guest = true

            """));

        // Keeps /etc/rabbitmq/rabbitmq-env.conf (a machine's own settings) out of the instance.
        File.WriteAllText(_directory.Combine("rabbitmq-env.conf"), string.Empty);
    }

    private Dictionary<string, string?> ServerEnvironment() => new()
    {
        ["HOME"] = _directory.Path,
        ["RABBITMQ_NODENAME"] = _nodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = LocalHost,
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_PORT"] = _epmdPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = _directory.Combine("mnesia"),
        ["RABBITMQ_LOG_BASE"] = _directory.Combine("log"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = _directory.Combine("enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = _directory.Combine("rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = _directory.Combine("advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = _directory.Combine("rabbitmq-env.conf"),
        ["RABBITMQ_PID_FILE"] = _directory.Combine("rabbitmq.pid"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["ERL_CRASH_DUMP"] = _directory.Combine("erl_crash.dump"),
    };
}

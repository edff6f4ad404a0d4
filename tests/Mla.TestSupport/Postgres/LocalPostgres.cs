using System.Globalization;
using Mla.TestSupport.Processes;
using Npgsql;

namespace Mla.TestSupport.Postgres;

/// <summary>
/// PostgreSQL 15 from the Debian package: initdb into an instance directory, then the postmaster as a tracked
/// child on 127.0.0.1 with its unix socket in that directory. PostgreSQL refuses to run as root: as root it runs
/// as the <c>postgres</c> user through <c>setpriv</c>, which execs the server itself (unlike runuser, which stays
/// as a parent that would stand between our signal and the postmaster).
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string LocalHost = "127.0.0.1";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly InstanceDirectory _directory;
    private ChildProcess? _server;

    private LocalPostgres(InstanceDirectory directory)
    {
        _directory = directory;
        Port = FreeTcpPort.Next();
    }

    public int Port { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = LocalHost,
        Port = Port,
        Username = ServiceUser,
        Database = "postgres",
    }.ConnectionString;

    public string Version { get; private set; } = "?";

    public int? ProcessId => _server?.Id;

    public string InstancePath => _directory.Path;

    public string DataDirectory => _directory.Combine("data");

    public IReadOnlyCollection<int> ProcessIds => _server?.ProcessIds() ?? [];

    public static async Task<LocalPostgres> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(BinDirectory, "postgres")))
        {
            throw new ServerStartException(
                $"PostgreSQL: no Docker engine and no {BinDirectory}/postgres. Install the Debian package postgresql-15, "
                + $"or name a server in {PostgresServer.EnvironmentVariable}.");
        }

        return await PortCollisionRetry.StartAsync(
            () => new LocalPostgres(InstanceDirectory.Create("postgres")),
            server => server.BootAsync(cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            // SIGINT is the "fast shutdown": it disconnects the clients (SIGTERM would wait for pooled connections
            // to close) and removes the shared memory segment, which a SIGKILL would leave behind.
            await _server.StopAsync(UnixSignal.Interrupt, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        _directory.Dispose();
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        var data = DataDirectory;
        var socket = _directory.Combine("run");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(socket);
        if (Libc.IsRoot)
        {
            await Command.RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", data, socket], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var initdb = AsServiceUser(Path.Combine(BinDirectory, "initdb"),
            ["-D", data, "-U", ServiceUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]);
        var initdbOutput = await Command.RunAsync(initdb.FileName, initdb.Arguments, TimeSpan.FromSeconds(60), _directory.Path, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(_directory.Combine("initdb.log"), initdbOutput, cancellationToken).ConfigureAwait(false);

        // Durability settings off: the data dies with the test run, and fsync on a busy CI disk costs seconds.
        var postgres = AsServiceUser(Path.Combine(BinDirectory, "postgres"),
        [
            "-D", data,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", $"listen_addresses={LocalHost}",
            "-c", $"unix_socket_directories={socket}",
            "-c", "max_connections=200",
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
        ]);
        var server = ChildProcess.Start(new ChildProcessSpec(postgres.FileName, postgres.Arguments, _directory.Combine("postgres.log"))
        {
            WorkingDirectory = _directory.Path,
        });
        _server = server;
        _directory.Track(server, UnixSignal.Interrupt);

        await Readiness.WaitAsync(
            $"PostgreSQL on {LocalHost}:{Port}",
            async ct =>
            {
                await using var connection = new NpgsqlConnection(ConnectionString + ";Timeout=2;Pooling=false");
                await connection.OpenAsync(ct).ConfigureAwait(false);
                Version = connection.ServerVersion;
                return true;
            },
            StartTimeout,
            server,
            () => server.ReadLogTail(),
            cancellationToken).ConfigureAwait(false);
    }

    private static (string FileName, IReadOnlyList<string> Arguments) AsServiceUser(string program, IReadOnlyList<string> arguments) =>
        Libc.IsRoot
            ? ("setpriv", ["--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--", program, .. arguments])
            : (program, arguments);
}

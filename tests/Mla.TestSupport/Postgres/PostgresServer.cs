using System.Collections.Concurrent;
using System.Diagnostics;
using Mla.TestSupport.Processes;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Mla.TestSupport.Postgres;

/// <summary>
/// A PostgreSQL server for tests, from the first of: <c>MLA_TEST_POSTGRES</c> (an Npgsql connection string whose
/// user may create databases), Testcontainers (when a Docker engine answers), the local Debian package. Tests
/// isolate by database: <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "MLA_TEST_POSTGRES";

    /// <summary>The same major version as the Debian package.</summary>
    public const string ContainerImage = "postgres:15-alpine";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly IAsyncDisposable? _owned;
    private readonly Func<IReadOnlyCollection<int>> _processIds;
    private readonly ConcurrentQueue<string> _createdDatabases = new();

    private PostgresServer(
        string connectionString,
        ServerSource source,
        string description,
        TimeSpan startupDuration,
        IAsyncDisposable? owned,
        Func<IReadOnlyCollection<int>> processIds,
        string? instancePath = null)
    {
        InstancePath = instancePath;
        ConnectionString = connectionString;
        Source = source;
        Description = description;
        StartupDuration = startupDuration;
        _owned = owned;
        _processIds = processIds;
    }

    public ServerSource Source { get; }

    /// <summary>How long the start took (until a connection opened).</summary>
    public TimeSpan StartupDuration { get; }

    /// <summary>Which way, which version, where, which PID: one line for the test output.</summary>
    public string Description { get; }

    /// <summary>A connection string to the server's maintenance database (<c>postgres</c>) as a superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>The PIDs of the local postmaster and its workers; empty for the other ways.</summary>
    public IReadOnlyCollection<int> ProcessIds => _processIds();

    /// <summary>The local server's directory (data, socket, logs; deleted on dispose); null for the other ways.</summary>
    public string? InstancePath { get; }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var address = Environment.GetEnvironmentVariable(EnvironmentVariable);
        PostgresServer server;
        if (!string.IsNullOrWhiteSpace(address))
        {
            var version = await WaitForConnectionAsync(address, cancellationToken).ConfigureAwait(false);
            server = new PostgresServer(address, ServerSource.EnvironmentAddress,
                $"PostgreSQL: address from {EnvironmentVariable}, {Redacted(address)} (server {version})", clock.Elapsed, null, () => []);
        }
        else if (DockerEngine.IsAvailable)
        {
            var container = new PostgreSqlBuilder(ContainerImage).Build();
            try
            {
                await container.StartAsync(cancellationToken).ConfigureAwait(false);
                var version = await WaitForConnectionAsync(container.GetConnectionString(), cancellationToken).ConfigureAwait(false);
                server = new PostgresServer(container.GetConnectionString(), ServerSource.Testcontainers,
                    $"PostgreSQL: Testcontainers {ContainerImage} ({version}) on {container.Hostname}:{container.GetMappedPublicPort(5432)}, container {container.Id[..12]}",
                    clock.Elapsed, container, () => []);
            }
            catch
            {
                await container.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        else
        {
            var local = await LocalPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
            server = new PostgresServer(local.ConnectionString, ServerSource.LocalProcess,
                $"PostgreSQL: local package {local.Version} on 127.0.0.1:{local.Port} (pid {local.ProcessId}), data {local.DataDirectory}",
                clock.Elapsed, local, () => local.ProcessIds, local.InstancePath);
        }

        ServerAnnouncement.Ready(server.Description, server.StartupDuration);
        return server;
    }

    /// <summary>
    /// Creates a database with a unique name and returns a connection string to it. On a server from the
    /// environment the databases are dropped again on dispose; the others are thrown away whole.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken).ConfigureAwait(false);
        _createdDatabases.Enqueue(name);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
            return;
        }

        // Not our server: leave it as we found it.
        while (_createdDatabases.TryDequeue(out var name))
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> WaitForConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var version = "?";
        await Readiness.WaitAsync(
            $"PostgreSQL at {Redacted(connectionString)}",
            async ct =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                version = connection.ServerVersion;
                return true;
            },
            ConnectTimeout,
            process: null,
            () => "(not started by the tests: no log)",
            cancellationToken).ConfigureAwait(false);
        return version;
    }

    private static string Redacted(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;
}

using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Mla.TestSupport.Processes;
using Testcontainers.Kafka;

namespace Mla.TestSupport.Kafka;

/// <summary>
/// A Kafka-protocol broker for tests, from the first of: <c>MLA_TEST_KAFKA=host:port</c>, Testcontainers (a real
/// Kafka, when a Docker engine answers), the project's mock broker (librdkafka's mock cluster) as a child process.
/// When <see cref="IsMock"/> is true, tests must respect the mock's limits (README, "The Kafka-protocol broker: the mock's limits"): no CreateTopics (give
/// topics to <see cref="StartAsync(ValueTuple{string, int}[])"/>), 5 MiB per partition, never ListConsumerGroups.
/// </summary>
public sealed class KafkaServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "MLA_TEST_KAFKA";

    /// <summary>The image for Testcontainers (KRaft, no ZooKeeper).</summary>
    public const string ContainerImage = "apache/kafka:3.9.1";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private readonly IAsyncDisposable? _owned;
    private readonly Func<Task>? _stop;
    private readonly Func<IReadOnlyCollection<int>> _processIds;

    private KafkaServer(
        string bootstrapServers,
        ServerSource source,
        string description,
        IAsyncDisposable? owned,
        Func<Task>? stop,
        Func<IReadOnlyCollection<int>> processIds,
        string? instancePath = null)
    {
        InstancePath = instancePath;
        BootstrapServers = bootstrapServers;
        Source = source;
        Description = description;
        _owned = owned;
        _stop = stop;
        _processIds = processIds;
    }

    public ServerSource Source { get; }

    /// <summary>How long the start took (until the broker answered, topics created).</summary>
    public TimeSpan StartupDuration { get; private set; }

    /// <summary>Which way, where, which PID: one line for the test output.</summary>
    public string Description { get; }

    /// <summary>The <c>host:port[,host:port...]</c> list for <c>BootstrapServers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>True for the project's mock broker (librdkafka's mock cluster): see the limits in the README.</summary>
    public bool IsMock => Source == ServerSource.LocalProcess;

    /// <summary>False for a broker from the environment (not ours to stop).</summary>
    public bool CanStop => _stop is not null;

    /// <summary>False for the mock (it has no CreateTopics: give the topics to <c>StartAsync</c>).</summary>
    public bool CanCreateTopics => !IsMock;

    /// <summary>The PIDs of the mock broker's process; empty for the other ways.</summary>
    public IReadOnlyCollection<int> ProcessIds => _processIds();

    /// <summary>The mock broker's directory (its log; deleted on dispose); null for the other ways.</summary>
    public string? InstancePath { get; }

    /// <summary>Starts (or connects to) a broker and makes sure the given topics exist with those partition counts.</summary>
    public static Task<KafkaServer> StartAsync(params (string Name, int Partitions)[] topics) =>
        StartAsync(topics, ownInstance: false, CancellationToken.None);

    /// <param name="topics">The topics to exist from the start (name, partitions).</param>
    /// <param name="ownInstance">
    /// True for a test that stops the broker: skips <c>MLA_TEST_KAFKA</c> (a broker that is not ours to stop), so
    /// that <see cref="CanStop"/> is always true.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<KafkaServer> StartAsync(IReadOnlyList<(string Name, int Partitions)> topics, bool ownInstance = false, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var address = Environment.GetEnvironmentVariable(EnvironmentVariable);
        KafkaServer server;
        if (!ownInstance && !string.IsNullOrWhiteSpace(address))
        {
            await WaitForBrokerAsync(address, cancellationToken).ConfigureAwait(false);
            server = new KafkaServer(address, ServerSource.EnvironmentAddress, $"Kafka: address from {EnvironmentVariable}, {address}", null, null, () => []);
        }
        else if (DockerEngine.IsAvailable)
        {
            var container = new KafkaBuilder(ContainerImage).Build();
            try
            {
                await container.StartAsync(cancellationToken).ConfigureAwait(false);
                var bootstrap = $"{container.Hostname}:{container.GetMappedPublicPort(KafkaBuilder.KafkaPort)}";
                await WaitForBrokerAsync(bootstrap, cancellationToken).ConfigureAwait(false);
                server = new KafkaServer(bootstrap, ServerSource.Testcontainers,
                    $"Kafka: Testcontainers {ContainerImage} on {bootstrap}, container {container.Id[..12]}",
                    container, () => container.StopAsync(), () => []);
            }
            catch
            {
                await container.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        else
        {
            var mock = await LocalKafkaMock.StartAsync(topics, cancellationToken).ConfigureAwait(false);
            server = new KafkaServer(mock.BootstrapServers, ServerSource.LocalProcess,
                $"Kafka: local mock broker (Mla.KafkaMock, librdkafka mock cluster) on {mock.BootstrapServers} (pid {mock.ProcessId})",
                mock, mock.KillAsync, () => mock.ProcessIds, mock.InstancePath);
        }

        try
        {
            if (server.CanCreateTopics && topics.Count > 0)
            {
                await server.CreateTopicsAsync([.. topics]).ConfigureAwait(false);
            }
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        server.StartupDuration = clock.Elapsed;
        ServerAnnouncement.Ready(server.Description, server.StartupDuration);
        return server;
    }

    /// <summary>Creates topics through the AdminClient (real Kafka only); an existing topic is left as it is.</summary>
    public async Task CreateTopicsAsync(params (string Name, int Partitions)[] topics)
    {
        if (!CanCreateTopics)
        {
            throw new NotSupportedException("The mock broker has no CreateTopics: pass the topics to KafkaServer.StartAsync (or KafkaFixture.Topics).");
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        try
        {
            await admin.CreateTopicsAsync(topics.Select(topic => new TopicSpecification
            {
                Name = topic.Name,
                NumPartitions = topic.Partitions,
                ReplicationFactor = -1, // the broker's default.replication.factor
            })).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(result => result.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Already there: fine for a shared broker.
        }
    }

    /// <summary>
    /// Takes the broker away (the mock: SIGKILL, and it cannot come back; a container: docker stop), for tests of
    /// "the broker is gone". Throws for a broker from the environment (see <see cref="CanStop"/>).
    /// </summary>
    public Task StopAsync() => _stop is null
        ? throw new NotSupportedException($"The broker from {EnvironmentVariable} is not the tests' to stop (check CanStop).")
        : _stop();

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static async Task WaitForBrokerAsync(string bootstrapServers, CancellationToken cancellationToken)
    {
        // librdkafka would log every refused connection to stderr while the broker is not up yet.
        var lastError = "none";
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers })
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, error) => lastError = error.Reason)
            .Build();
        await Readiness.WaitAsync(
            $"Kafka at {bootstrapServers}",
            ct => Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(2)).Brokers.Count > 0, ct),
            ConnectTimeout,
            process: null,
            () => $"(not started as a child process: no log; last client error: {lastError})",
            cancellationToken).ConfigureAwait(false);
    }
}

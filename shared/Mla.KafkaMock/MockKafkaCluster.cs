using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Mla.KafkaMock;

/// <summary>
/// A Kafka-protocol broker: librdkafka's mock cluster, listening on random localhost ports, memory only.
/// Limits (see README): 5 MiB retention per partition, no CreateTopics admin API (use <see cref="CreateTopic"/>),
/// and clients must never call ListConsumerGroups.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int ErrstrSize = 512;
    private const int ControllerId = 1;
    private const int ReplicationFactor = 1;

    // The handle has no bootstrap.servers (it never connects), which librdkafka reports at notice level (5) on
    // every start; warnings and errors of the mock still show. A caller's own log_level wins.
    private static readonly KeyValuePair<string, string>[] DefaultProperties = [new("log_level", "4")];

    private readonly Lock _gate = new();
    private nint _rk;
    private nint _mcluster;

    private MockKafkaCluster(nint rk, nint mcluster)
    {
        _rk = rk;
        _mcluster = mcluster;
        BootstrapServers = Marshal.PtrToStringUTF8(LibRdKafkaNative.MockClusterBootstraps(mcluster)) ?? "";
    }

    /// <summary>The <c>host:port,…</c> list of the mock brokers, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a mock cluster with the given brokers and topics.</summary>
    /// <exception cref="ArgumentException">An option or librdkafka property is invalid.</exception>
    /// <exception cref="DllNotFoundException">librdkafka could not be loaded.</exception>
    /// <exception cref="InvalidOperationException">librdkafka refused to create the cluster or a topic.</exception>
    public static MockKafkaCluster Start(MockKafkaClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        LibRdKafkaLoader.EnsureLoaded();

        var rk = CreateHandle(options.Properties);
        var mcluster = LibRdKafkaNative.MockClusterNew(rk, options.BrokerCount);
        if (mcluster == 0)
        {
            LibRdKafkaNative.Destroy(rk);
            throw new InvalidOperationException(
                $"rd_kafka_mock_cluster_new failed for {options.BrokerCount} broker(s); see librdkafka's log on stderr.");
        }

        var cluster = new MockKafkaCluster(rk, mcluster);
        try
        {
            // Without a controller, admin requests wait for one until they time out.
            LibRdKafkaNative.MockSetControllerId(mcluster, ControllerId);
            LibRdKafkaNative.MockGroupInitialRebalanceDelayMs(mcluster, 0);
            foreach (var topic in options.Topics)
            {
                cluster.CreateTopic(topic.Name, topic.Partitions);
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Creates a topic (replication factor 1); fails if it already exists.</summary>
    /// <exception cref="ArgumentException">The name or partition count is invalid.</exception>
    /// <exception cref="InvalidOperationException">librdkafka refused, for example because the topic exists.</exception>
    public void CreateTopic(string name, int partitions)
    {
        new MockKafkaTopic(name, partitions).Validate();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_mcluster == 0, this);
            var err = LibRdKafkaNative.MockTopicCreate(_mcluster, name, partitions, ReplicationFactor);
            if (err != LibRdKafkaNative.NoError)
            {
                var reason = Marshal.PtrToStringUTF8(LibRdKafkaNative.ErrToStr(err));
                throw new InvalidOperationException($"Could not create topic '{name}' with {partitions} partition(s): {reason} (error {err}).");
            }
        }
    }

    /// <summary>
    /// Makes broker <paramref name="brokerId"/> (1-based) the partition's leader, or leaves it without one (null):
    /// clients then see the partition leaderless in the metadata, as during a real broker's failover.
    /// </summary>
    /// <exception cref="InvalidOperationException">librdkafka refused, for example because the topic does not exist.</exception>
    public void SetPartitionLeader(string topic, int partition, int? brokerId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_mcluster == 0, this);
            var err = LibRdKafkaNative.MockPartitionSetLeader(_mcluster, topic, partition, brokerId ?? -1);
            if (err != LibRdKafkaNative.NoError)
            {
                var reason = Marshal.PtrToStringUTF8(LibRdKafkaNative.ErrToStr(err));
                throw new InvalidOperationException($"Could not set the leader of '{topic}' [{partition}] to {brokerId?.ToString(CultureInfo.InvariantCulture) ?? "none"}: {reason} (error {err}).");
            }
        }
    }

    /// <summary>Stops the brokers (clients see the connections drop) and frees the native handles.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_mcluster != 0)
            {
                LibRdKafkaNative.MockClusterDestroy(_mcluster);
                _mcluster = 0;
            }

            if (_rk != 0)
            {
                LibRdKafkaNative.Destroy(_rk);
                _rk = 0;
            }
        }
    }

    private static nint CreateHandle(IReadOnlyDictionary<string, string> properties)
    {
        var errstr = new byte[ErrstrSize];
        var conf = LibRdKafkaNative.ConfNew();
        foreach (var (name, value) in DefaultProperties.Where(p => !properties.ContainsKey(p.Key)).Concat(properties))
        {
            if (LibRdKafkaNative.ConfSet(conf, name, value, errstr, ErrstrSize) != LibRdKafkaNative.ConfOk)
            {
                LibRdKafkaNative.ConfDestroy(conf);
                throw new ArgumentException(
                    $"librdkafka property '{name}' was rejected: {ReadErrstr(errstr)}");
            }
        }

        // The producer handle only hosts the mock cluster; it never connects anywhere.
        var rk = LibRdKafkaNative.New(LibRdKafkaNative.ProducerType, conf, errstr, ErrstrSize);
        if (rk == 0)
        {
            LibRdKafkaNative.ConfDestroy(conf);
            throw new InvalidOperationException($"rd_kafka_new failed: {ReadErrstr(errstr)}");
        }

        return rk;
    }

    private static string ReadErrstr(byte[] errstr)
    {
        var length = Array.IndexOf(errstr, (byte)0);
        return Encoding.UTF8.GetString(errstr, 0, length < 0 ? errstr.Length : length);
    }
}

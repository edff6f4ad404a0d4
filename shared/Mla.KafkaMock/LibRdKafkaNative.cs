using System.Runtime.InteropServices;

namespace Mla.KafkaMock;

/// <summary>
/// The few librdkafka functions the mock host needs, as declared in <c>rdkafka.h</c> and <c>rdkafka_mock.h</c>
/// of librdkafka.redist 2.16.0. Call <see cref="LibRdKafkaLoader.EnsureLoaded"/> before any of them.
/// Functions returning <c>const char*</c> return <see cref="nint"/>: the string belongs to librdkafka.
/// </summary>
internal static partial class LibRdKafkaNative
{
    internal const string LibraryName = "librdkafka";

    /// <summary><c>RD_KAFKA_PRODUCER</c> of <c>rd_kafka_type_t</c>.</summary>
    internal const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c> of <c>rd_kafka_conf_res_t</c>.</summary>
    internal const int ConfOk = 0;

    /// <summary><c>RD_KAFKA_RESP_ERR_NO_ERROR</c> of <c>rd_kafka_resp_err_t</c>.</summary>
    internal const int NoError = 0;

    // rd_kafka_conf_t *rd_kafka_conf_new(void);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    // void rd_kafka_conf_destroy(rd_kafka_conf_t *conf);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    // rd_kafka_conf_res_t rd_kafka_conf_set(rd_kafka_conf_t *conf, const char *name, const char *value,
    //                                       char *errstr, size_t errstr_size);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, [Out] byte[] errstr, nuint errstrSize);

    // rd_kafka_t *rd_kafka_new(rd_kafka_type_t type, rd_kafka_conf_t *conf, char *errstr, size_t errstr_size);
    // Takes ownership of conf only when it succeeds.
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_new")]
    internal static partial nint New(int type, nint conf, [Out] byte[] errstr, nuint errstrSize);

    // void rd_kafka_destroy(rd_kafka_t *rk);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(nint rk);

    // const char *rd_kafka_err2str(rd_kafka_resp_err_t err);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_err2str")]
    internal static partial nint ErrToStr(int err);

    // rd_kafka_mock_cluster_t *rd_kafka_mock_cluster_new(rd_kafka_t *rk, int broker_cnt);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint MockClusterNew(nint rk, int brokerCount);

    // void rd_kafka_mock_cluster_destroy(rd_kafka_mock_cluster_t *mcluster);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(nint mcluster);

    // const char *rd_kafka_mock_cluster_bootstraps(const rd_kafka_mock_cluster_t *mcluster);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint MockClusterBootstraps(nint mcluster);

    // void rd_kafka_mock_set_controller_id(rd_kafka_mock_cluster_t *mcluster, int32_t controller_id);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_set_controller_id")]
    internal static partial void MockSetControllerId(nint mcluster, int controllerId);

    // void rd_kafka_mock_group_initial_rebalance_delay_ms(rd_kafka_mock_cluster_t *mcluster, int32_t delay_ms);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void MockGroupInitialRebalanceDelayMs(nint mcluster, int delayMs);

    // rd_kafka_resp_err_t rd_kafka_mock_topic_create(rd_kafka_mock_cluster_t *mcluster, const char *topic,
    //                                                int partition_cnt, int replication_factor);
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(nint mcluster, string topic, int partitionCount, int replicationFactor);

    // rd_kafka_resp_err_t rd_kafka_mock_partition_set_leader(rd_kafka_mock_cluster_t *mcluster, const char *topic,
    //                                                        int32_t partition, int32_t broker_id);
    // broker_id -1: the partition has no leader.
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetLeader(nint mcluster, string topic, int partition, int brokerId);
}

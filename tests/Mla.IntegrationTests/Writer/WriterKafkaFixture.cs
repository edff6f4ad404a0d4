using Mla.Ingestion.Kafka;
using Mla.TestSupport.Kafka;

namespace Mla.IntegrationTests.Writer;

/// <summary>The broker of the writer tests, with each test's own topic, its dead-letter topic and its retry topic (the mock cannot create topics later).</summary>
public sealed class WriterKafkaFixture : KafkaFixture
{
    public const int Partitions = 3;

    /// <summary>A writer's consumer is assigned the test topic's partitions and its retry topic's one.</summary>
    public const int AssignedPartitions = Partitions + 1;

    public static readonly string[] TestTopics = ["writer-tenants", "writer-outage", "writer-crash", "writer-dlq", "writer-replay", "writer-ready", "writer-shutdown", "writer-early-send", "writer-deleted-tenants", "writer-tenant-refused", "writer-tenant-stalled", "writer-logs-crash"];

    protected override IReadOnlyList<(string Name, int Partitions)> Topics =>
        [.. TestTopics.Select(t => (t, Partitions)), .. TestTopics.Select(t => (IngestionTopics.DeadLetter(t), 1)), .. TestTopics.Select(t => (IngestionTopics.Retry(t), AssignedPartitions - Partitions))];
}

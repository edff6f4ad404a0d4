using Mla.Ingestion.Kafka;
using Mla.TestSupport.Kafka;

namespace Mla.IntegrationTests.Access;

/// <summary>The broker of the composed services whose routes are checked, with the topic the gateway and the writer share.</summary>
public sealed class AdminRoutesKafkaFixture : KafkaFixture
{
    public const string Topic = "admin-routes";
    public const string LogsTopic = "admin-routes-logs";

    protected override IReadOnlyList<(string Name, int Partitions)> Topics => [(Topic, 1), (IngestionTopics.DeadLetter(Topic), 1), (LogsTopic, 1)];
}

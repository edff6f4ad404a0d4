using Mla.TestSupport.Kafka;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>A Kafka fixture with the topics its tests need from the start (the way to have topics on the mock).</summary>
public sealed class FixtureCheckKafkaFixture : KafkaFixture
{
    public const string Topic = "fixture-check";

    protected override IReadOnlyList<(string Name, int Partitions)> Topics => [(Topic, 3)];
}

using Mla.TestSupport.Kafka;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>
/// One Kafka-protocol broker for every test class marked <c>[Collection(KafkaCollection.Name)]</c> (they take
/// <see cref="KafkaFixture"/> in their constructor). With the mock broker, topics cannot be created later: a test
/// class that needs topics with set partition counts uses its own fixture derived from KafkaFixture (see
/// <see cref="FixtureCheckKafkaFixture"/>) as a class fixture.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "Kafka";
}

using Confluent.Kafka;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Fixtures;

public sealed class KafkaFixtureTests(FixtureCheckKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<FixtureCheckKafkaFixture>
{
    [Fact]
    public async Task Shared_broker_round_trips_messages_through_a_consumer_group()
    {
        output.WriteLine(kafka.Description);

        await KafkaRoundTrip.AssertAsync(kafka.BootstrapServers, FixtureCheckKafkaFixture.Topic);
    }

    [Fact]
    public void Fixture_topic_has_the_partitions_asked_for()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(FixtureCheckKafkaFixture.Topic, TimeSpan.FromSeconds(10));

        Assert.Equal(3, Assert.Single(metadata.Topics).Partitions.Count);
    }
}

namespace Mla.KafkaMock;

/// <summary>How to start a <see cref="MockKafkaCluster"/>.</summary>
public sealed class MockKafkaClusterOptions
{
    /// <summary>Number of mock brokers (ids 1..N, each on its own random localhost port). Default 1.</summary>
    public int BrokerCount { get; init; } = 1;

    /// <summary>Topics created at start. Topics the clients auto-create get 4 partitions.</summary>
    public IReadOnlyList<MockKafkaTopic> Topics { get; init; } = [];

    /// <summary>
    /// librdkafka configuration properties of the handle that hosts the cluster (for example <c>log_level</c> or
    /// <c>debug</c>); an unknown name or bad value fails <see cref="MockKafkaCluster.Start"/> naming the property.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        if (BrokerCount < 1)
        {
            throw new ArgumentException($"{nameof(BrokerCount)} must be at least 1, not {BrokerCount}.");
        }

        foreach (var topic in Topics)
        {
            topic.Validate();
        }

        var duplicate = Topics.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Topic '{duplicate.Key}' is listed more than once.");
        }
    }
}

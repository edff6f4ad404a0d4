using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Kafka;

/// <summary>
/// One Kafka-protocol broker shared by the tests of a class or collection. The mock broker cannot create topics
/// later: a test class that needs topics with a given partition count derives a fixture and lists them in
/// <see cref="Topics"/> (they are created in every mode). Check <see cref="IsMock"/> for the mock's limits.
/// </summary>
public class KafkaFixture : ServerFixture<KafkaServer>
{
    public string BootstrapServers => Server.BootstrapServers;

    public bool IsMock => Server.IsMock;

    public string Description => Server.Description;

    /// <summary>The topics to exist from the start (name, partitions).</summary>
    protected virtual IReadOnlyList<(string Name, int Partitions)> Topics => [];

    protected override Task<KafkaServer> StartServerAsync() => KafkaServer.StartAsync(Topics);
}

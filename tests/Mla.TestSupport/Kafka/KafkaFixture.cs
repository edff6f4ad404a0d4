using Xunit;

namespace Mla.TestSupport.Kafka;

/// <summary>
/// One Kafka-protocol broker shared by the tests of a class or collection. The mock broker cannot create topics
/// later: a test class that needs topics with a given partition count derives a fixture and lists them in
/// <see cref="Topics"/> (they are created in every mode). Check <see cref="IsMock"/> for the mock's limits.
/// </summary>
public class KafkaFixture : IAsyncLifetime
{
    private KafkaServer? _server;

    public KafkaServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public string BootstrapServers => Server.BootstrapServers;

    public bool IsMock => Server.IsMock;

    public string Description => Server.Description;

    /// <summary>The topics to exist from the start (name, partitions).</summary>
    protected virtual IReadOnlyList<(string Name, int Partitions)> Topics => [];

    public async Task InitializeAsync() => _server = await KafkaServer.StartAsync(Topics).ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// The writer tests share one broker (with their topics) and one VictoriaMetrics, and run one after the other: each
/// drives a consumer group, a sink and often a second process, which is plenty for a 2-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WriterCollection : ICollectionFixture<WriterKafkaFixture>, ICollectionFixture<VictoriaMetricsFixture>
{
    public const string Name = "Writer";
}

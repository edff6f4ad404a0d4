using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.ReadPath;

/// <summary>The read-path tests share one VictoriaMetrics (tenants named per run) and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ReadPathCollection : ICollectionFixture<VictoriaMetricsFixture>
{
    public const string Name = "ReadPath";
}

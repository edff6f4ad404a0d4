namespace Mla.IntegrationTests.ReadPath;

/// <summary>The read-path tests share one VictoriaMetrics, one Alertmanager and one gateway, and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ReadPathCollection : ICollectionFixture<ReadPathFixture>
{
    public const string Name = "ReadPath";
}

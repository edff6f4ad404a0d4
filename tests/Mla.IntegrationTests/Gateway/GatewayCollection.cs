namespace Mla.IntegrationTests.Gateway;

/// <summary>The gateway tests share one broker and run one after the other (each starts its own gateway).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayKafkaFixture>
{
    public const string Name = "Gateway";
}

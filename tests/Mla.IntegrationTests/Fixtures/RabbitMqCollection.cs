using Mla.TestSupport.RabbitMq;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>
/// One RabbitMQ broker for every test class marked <c>[Collection(RabbitMqCollection.Name)]</c> (they take
/// <see cref="RabbitMqFixture"/> in their constructor). Tests isolate by unique queue/exchange names.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "RabbitMQ";
}

namespace Mla.IntegrationTests.Tenants;

/// <summary>The tenant tests that run the service on RabbitMQ: one at a time, on <see cref="TenantsBroker"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TenantsCollection : ICollectionFixture<TenantsBroker>
{
    public const string Name = "Tenants on RabbitMQ";
}

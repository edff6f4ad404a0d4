using Mla.TestSupport.Postgres;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>
/// One PostgreSQL server for every test class marked <c>[Collection(PostgresCollection.Name)]</c> (they take
/// <see cref="PostgresFixture"/> in their constructor). Each test takes its own database.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

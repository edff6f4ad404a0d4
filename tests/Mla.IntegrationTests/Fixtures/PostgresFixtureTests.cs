using Mla.TestSupport.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Fixtures;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFixtureTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Fresh_database_round_trips_a_row()
    {
        output.WriteLine(postgres.Description);

        await PostgresRoundTrip.AssertAsync(await postgres.CreateDatabaseAsync());
    }

    [Fact]
    public async Task Databases_are_isolated_from_each_other()
    {
        var first = await postgres.CreateDatabaseAsync();
        var second = await postgres.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE only_here (id int)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using var other = new NpgsqlConnection(second);
        await other.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT to_regclass('only_here') IS NULL", other);

        Assert.NotEqual(first, second);
        Assert.True((bool)(await query.ExecuteScalarAsync())!);
    }
}

using Npgsql;

namespace Mla.IntegrationTests.Fixtures;

/// <summary>Creates a table, inserts a row and reads it back, in the database the connection string names.</summary>
internal static class PostgresRoundTrip
{
    public static async Task AssertAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand("CREATE TABLE greeting (id int PRIMARY KEY, text text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = dataSource.CreateCommand("INSERT INTO greeting (id, text) VALUES ($1, $2)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = 1 });
            insert.Parameters.Add(new NpgsqlParameter { Value = "hello" });
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        await using var select = dataSource.CreateCommand("SELECT current_database(), text FROM greeting WHERE id = 1");
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(database, reader.GetString(0));
        Assert.Equal("hello", reader.GetString(1));
        Assert.NotEqual("postgres", database);
    }
}

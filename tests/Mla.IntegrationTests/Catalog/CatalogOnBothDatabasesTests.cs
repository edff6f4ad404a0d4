using Microsoft.Extensions.Logging.Abstractions;
using Mla.IntegrationTests.Fixtures;
using Mla.Storage;
using Mla.TestSupport.Postgres;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents;

namespace Mla.IntegrationTests.Catalog;

/// <summary>The same catalog behaviour on SQLite and on a real PostgreSQL, including migrations run twice.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CatalogOnBothDatabasesTests(PostgresFixture postgres)
{
    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ordering_tombstones_filters_and_streaming_behave_the_same(DatabaseProvider provider)
    {
        var (database, cleanup) = await CreateAsync(provider);
        try
        {
            // Migrations are idempotent: a second start (another replica, a restart) changes nothing.
            await new CatalogMigrator(database, NullLogger<CatalogMigrator>.Instance).StartAsync(CancellationToken.None);
            await new CatalogMigrator(database, NullLogger<CatalogMigrator>.Instance).StartAsync(CancellationToken.None);
            var catalog = new SqlFleetCatalog(database);

            Assert.True(await catalog.UpsertAsync(Entry("c1", "2026-01-02T00:00:00Z", "eu", "p1"), default));
            Assert.False(await catalog.UpsertAsync(Entry("c1", "2026-01-01T00:00:00Z", "us", "p1"), default));
            Assert.True(await catalog.UpsertAsync(Entry("c2", "2026-01-01T00:00:00Z", "us", "p2"), default));
            Assert.True(await catalog.UpsertAsync(Entry("c3", "2026-01-01T00:00:00Z", "eu", "p2", deleted: true), default));

            Assert.Equal("eu", (await catalog.GetAsync(ObjectKind.Cluster, "c1", default))!.Seed);
            Assert.Null(await catalog.GetAsync(ObjectKind.Project, "c1", default));
            Assert.Equal(["c1"], (await catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, Seed: "eu"), default)).Select(e => e.Key));
            Assert.Equal(["c2"], (await catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, ProjectId: "p2"), default)).Select(e => e.Key));
            Assert.Equal(3, await catalog.CountAsync(default));
            var streamed = new List<CatalogEntry>();
            await foreach (var entry in catalog.StreamAllAsync(default))
            {
                streamed.Add(entry);
            }

            Assert.Equal(["c1", "c2", "c3"], streamed.Select(e => e.Key));
            Assert.True(streamed[2].Deleted);
            Assert.Equal(DateTimeOffset.Parse("2026-01-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), streamed[0].Time);
        }
        finally
        {
            cleanup();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replicas_starting_together_migrate_once_without_failing(DatabaseProvider provider)
    {
        var (database, cleanup) = await CreateAsync(provider);
        try
        {
            var replicas = Enumerable.Range(0, 4)
                .Select(_ => Task.Run(() => new CatalogMigrator(database, NullLogger<CatalogMigrator>.Instance).StartAsync(CancellationToken.None)));
            await Task.WhenAll(replicas);

            await using var connection = await database.OpenAsync(default);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT version) FROM catalog_schema_migrations";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(CatalogMigrations.Steps.Count, Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(CatalogMigrations.Steps.Count, Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            cleanup();
        }
    }

    private async Task<(SqlDatabase Database, Action Cleanup)> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = await postgres.CreateDatabaseAsync();
            return (SqlDatabase.Create(new CatalogOptions { ConnectionString = connectionString }), () => { });
        }

        var directory = Directory.CreateTempSubdirectory("mla-catalog-").FullName;
        return (SqlDatabase.Create(new CatalogOptions { SqlitePath = Path.Combine(directory, "catalog.db") }), () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        });
    }

    private static CatalogEntry Entry(string id, string time, string seed, string project, bool deleted = false) => new(
        ObjectKind.Cluster,
        id,
        deleted ? KkpEventTypes.ClusterDeleted : KkpEventTypes.ClusterUpdated,
        Guid.NewGuid().ToString(),
        "urn:test",
        DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
        deleted,
        seed,
        project,
        id,
        "{}");
}

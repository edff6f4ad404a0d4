using Microsoft.Extensions.Logging.Abstractions;
using Mla.Storage;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents;

namespace Mla.Webhooks.Tests.Catalog;

/// <summary>The catalog keeps the newest state of an object, whatever order the events arrive in (SQLite file).</summary>
public sealed class SqliteCatalogOrderingTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-catalog-").FullName;
    private SqlFleetCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        var database = SqlDatabase.Create(new CatalogOptions { SqlitePath = Path.Combine(_directory, "catalog.db") });
        await new CatalogMigrator(database, NullLogger<CatalogMigrator>.Instance).StartAsync(CancellationToken.None);
        _catalog = new SqlFleetCatalog(database);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_older_event_does_not_overwrite_a_newer_state()
    {
        var newer = Cluster("c1", "2026-05-02T10:00:00Z", "Running");
        var older = Cluster("c1", "2026-05-01T10:00:00Z", "Creating");

        Assert.True(await _catalog.UpsertAsync(newer, CancellationToken.None));
        Assert.False(await _catalog.UpsertAsync(older, CancellationToken.None));

        var stored = await _catalog.GetAsync(ObjectKind.Cluster, "c1", CancellationToken.None);
        Assert.Equal(newer.EventId, stored!.EventId);
        Assert.Contains("Running", stored.StateJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_event_replaces_the_state()
    {
        await _catalog.UpsertAsync(Cluster("c2", "2026-05-01T10:00:00Z", "Creating"), CancellationToken.None);
        var newer = Cluster("c2", "2026-05-01T10:00:01Z", "Running");
        Assert.True(await _catalog.UpsertAsync(newer, CancellationToken.None));
        Assert.Equal(newer.EventId, (await _catalog.GetAsync(ObjectKind.Cluster, "c2", CancellationToken.None))!.EventId);
    }

    [Fact]
    public async Task A_deletion_is_kept_as_a_tombstone_that_an_older_create_cannot_revive()
    {
        await _catalog.UpsertAsync(Cluster("c3", "2026-05-01T10:00:00Z", "Running"), CancellationToken.None);
        await _catalog.UpsertAsync(Cluster("c3", "2026-05-03T10:00:00Z", "Terminating", KkpEventTypes.ClusterDeleted), CancellationToken.None);
        Assert.False(await _catalog.UpsertAsync(Cluster("c3", "2026-05-02T10:00:00Z", "Running"), CancellationToken.None));

        Assert.True((await _catalog.GetAsync(ObjectKind.Cluster, "c3", CancellationToken.None))!.Deleted);
        Assert.DoesNotContain(await _catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster), CancellationToken.None), e => e.Key == "c3");
        Assert.Contains(await _catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, IncludeDeleted: true), CancellationToken.None), e => e.Key == "c3");
    }

    [Fact]
    public async Task Listing_filters_by_seed_and_project()
    {
        await _catalog.UpsertAsync(Cluster("a1", "2026-05-01T10:00:00Z", "Running", seed: "eu", project: "p1"), CancellationToken.None);
        await _catalog.UpsertAsync(Cluster("a2", "2026-05-01T10:00:00Z", "Running", seed: "eu", project: "p2"), CancellationToken.None);
        await _catalog.UpsertAsync(Cluster("a3", "2026-05-01T10:00:00Z", "Running", seed: "us", project: "p2"), CancellationToken.None);

        Assert.Equal(["a1", "a2"], (await _catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, Seed: "eu"), CancellationToken.None)).Select(e => e.Key));
        Assert.Equal(["a2", "a3"], (await _catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, ProjectId: "p2"), CancellationToken.None)).Select(e => e.Key));
        Assert.Equal(["a2"], (await _catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, "eu", "p2"), CancellationToken.None)).Select(e => e.Key));
    }

    private static CatalogEntry Cluster(string id, string time, string phase, string type = KkpEventTypes.ClusterUpdated, string seed = "eu", string project = "p1") => new(
        ObjectKind.Cluster,
        id,
        type,
        Guid.NewGuid().ToString(),
        "urn:test",
        DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
        type == KkpEventTypes.ClusterDeleted,
        seed,
        project,
        id,
        System.Text.Json.JsonSerializer.Serialize(
            new Mla.Contracts.Clusters.ClusterState(id, "n", seed, project, phase, true, true, new Dictionary<string, string>()),
            KkpEventParser.StateJson));
}

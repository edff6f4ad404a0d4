using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mla.IntegrationTests.Fixtures;
using Mla.IntegrationTests.Support;
using Mla.TestSupport.Postgres;
using Mla.TestSupport.RabbitMq;
using Mla.Webhooks.CloudEvents;
using Mla.Webhooks.Ordering;
using Mla.Webhooks.Resync;
using Npgsql;

namespace Mla.IntegrationTests.Webhooks;

/// <summary>
/// Two webhook service instances (the chart's two replicas) on one real PostgreSQL catalog and a real RabbitMQ:
/// an event id is published once however many copies reach them at once, one object's states are published in
/// order, and resyncs are one fleet-wide and visible on both.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhooksReplicasOnPostgresTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>, IAsyncLifetime
{
    private const int EventIds = 150;
    private const int IdsAtOnce = 10;
    private string _database = null!;
    private WebhooksTestApp _replicaA = null!;
    private WebhooksTestApp _replicaB = null!;
    private BusEventListener _listener = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _listener = await BusEventListener.StartAsync(rabbit.AmqpUri);
        var settings = BusSettings.RabbitMq(rabbit.Server);
        settings["Mla:Catalog:ConnectionString"] = _database;
        // Started together: their migrations meet on the same database too.
        var starting = new[] { WebhooksTestApp.StartAsync(settings), WebhooksTestApp.StartAsync(settings) };
        await Task.WhenAll(starting);
        (_replicaA, _replicaB) = (starting[0].Result, starting[1].Result);
    }

    public async Task DisposeAsync()
    {
        await _replicaA.DisposeAsync();
        await _replicaB.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task The_same_event_id_sent_to_both_replicas_at_once_gives_exactly_one_integration_event()
    {
        var bodies = Enumerable.Range(0, EventIds)
            .Select(_ => ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, ExampleEvent.NewClusterId()))
            .ToList();

        foreach (var wave in bodies.Chunk(IdsAtOnce))
        {
            // Every id twice to each replica, all copies of the wave in flight together.
            var posts = wave.SelectMany(cloudEvent =>
            {
                var body = ExampleEvent.Bytes(cloudEvent);
                return new[] { _replicaA, _replicaB, _replicaA, _replicaB }.Select(async replica => ((string)cloudEvent["id"]!, await replica.PostAsync(body)));
            }).ToList();
            var answers = await Task.WhenAll(posts);

            foreach (var perId in answers.GroupBy(answer => answer.Item1))
            {
                var counts = new List<(int Accepted, int Duplicates)>();
                foreach (var (_, response) in perId)
                {
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                    counts.Add((json.GetProperty("accepted").GetInt32(), json.GetProperty("duplicates").GetInt32()));
                }

                Assert.Equal((1, 3), (counts.Sum(c => c.Accepted), counts.Sum(c => c.Duplicates)));
            }
        }

        await WaitForMarkersThroughBothAsync();
        var ids = bodies.Select(b => (string)b["id"]!).ToHashSet(StringComparer.Ordinal);
        var published = _listener.Received.Where(e => ids.Contains(e.EventId)).GroupBy(e => e.EventId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(EventIds, published.Count);
        Assert.All(published, pair => Assert.Equal(1, pair.Value));
        const string accepted = "mla_webhooks_events_total{type=\"io.kubermatic.cluster.updated\",outcome=\"accepted\"}";
        // The markers are updates too: one per replica.
        Assert.Equal(EventIds + 2, await _replicaA.MetricAsync(accepted) + await _replicaB.MetricAsync(accepted));
    }

    [Fact]
    public async Task Updates_of_one_object_spread_over_both_replicas_are_published_oldest_first_and_the_newest_is_stored()
    {
        Assert.IsType<PostgresObjectLocks>(_replicaA.Service<IObjectLocks>());
        var clusterId = ExampleEvent.NewClusterId();
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var updates = Enumerable.Range(0, 20).Select(i =>
        {
            var cloudEvent = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, clusterId);
            cloudEvent["time"] = (start + TimeSpan.FromSeconds(i)).ToString("O");
            cloudEvent["data"]!["labels"]!["sequence"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return cloudEvent;
        }).ToList();

        // Newest and oldest mixed, half to each replica, all at once.
        var order = updates.Select((cloudEvent, i) => (cloudEvent, i)).OrderBy(_ => Random.Shared.Next()).ToList();
        var responses = await Task.WhenAll(order.Select(pair => (pair.i % 2 == 0 ? _replicaA : _replicaB).PostAsync(ExampleEvent.Bytes(pair.cloudEvent))));
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));

        await WaitForMarkersThroughBothAsync();
        var sequence = _listener.Received
            .Where(e => e.Message.TryGetProperty("cluster", out var cluster) && cluster.GetProperty("id").GetString() == clusterId)
            .Select(e => e.Message.GetProperty("occurredAt").GetDateTimeOffset())
            .ToList();
        Assert.NotEmpty(sequence);
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(sequence.Count, sequence.Distinct().Count());
        var stored = await _replicaB.Http.GetFromJsonAsync<JsonElement>($"/api/v1/clusters/{clusterId}");
        Assert.Equal("19", stored.GetProperty("labels").GetProperty("sequence").GetString());
    }

    [Fact]
    public async Task A_resync_started_on_one_replica_is_readable_on_the_other_which_answers_409_with_its_id()
    {
        var clusters = Enumerable.Range(0, 5).Select(_ => ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, ExampleEvent.NewClusterId())).ToList();
        foreach (var cloudEvent in clusters)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _replicaA.PostAsync(ExampleEvent.Bytes(cloudEvent))).StatusCode);
        }

        string id;
        await using (var holdCatalog = await HoldCatalogTableAsync())
        {
            // The run is recorded, then waits for the catalog table: it stays Running as long as the test holds it.
            var start = await _replicaA.Http.PostAsync(new Uri("/api/v1/resync", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var seen = await _replicaB.Http.GetFromJsonAsync<JsonElement>($"/api/v1/resync/{id}");
            Assert.Equal("Running", seen.GetProperty("state").GetString());
            Assert.Equal(_replicaA.Service<ResyncCoordinator>().Runner, seen.GetProperty("runner").GetString());

            var second = await _replicaB.Http.PostAsync(new Uri("/api/v1/resync", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            var conflict = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(id, conflict.GetProperty("id").GetString());
            Assert.Equal(409, conflict.GetProperty("status").GetInt32());
            Assert.Equal($"/api/v1/resync/{id}", conflict.GetProperty("location").GetString());
            Assert.Equal([id], conflict.GetProperty("running").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains(id, conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);

            // A long run keeps writing that it is alive, so no replica takes it for abandoned.
            await Eventually.WaitAsync(
                () => _replicaB.Http.GetFromJsonAsync<JsonElement>($"/api/v1/resync/{id}"),
                run => run.GetProperty("updatedAt").GetDateTimeOffset() > run.GetProperty("startedAt").GetDateTimeOffset(),
                TimeSpan.FromSeconds(30),
                run => $"no progress written: {run}");
        }

        var finished = await Eventually.WaitAsync(
            () => _replicaB.Http.GetFromJsonAsync<JsonElement>($"/api/v1/resync/{id}"),
            run => run.GetProperty("state").GetString() != "Running",
            TimeSpan.FromSeconds(60),
            run => $"still running: {run}");
        Assert.Equal("Completed", finished.GetProperty("state").GetString());
        Assert.Equal(clusters.Count, finished.GetProperty("published").GetInt32());
        Assert.Equal(clusters.Count, finished.GetProperty("total").GetInt32());
        await _listener.WaitForAsync(e => e.Type == "FleetSnapshotCompleted" && e.Message.GetProperty("snapshotId").GetString() == id);

        var next = await _replicaB.Http.PostAsync(new Uri("/api/v1/resync", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        var nextId = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.WaitAsync(
            () => _replicaA.Http.GetFromJsonAsync<JsonElement>($"/api/v1/resync/{nextId}"),
            run => run.GetProperty("state").GetString() == "Completed",
            TimeSpan.FromSeconds(60),
            run => $"second resync: {run}");
    }

    /// <summary>
    /// An exclusive lock on the catalog table in an open transaction of the test's own: every read of it waits
    /// (the resync's count included) until the returned handle is disposed.
    /// </summary>
    private async Task<IAsyncDisposable> HoldCatalogTableAsync()
    {
        var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE catalog_objects IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new CatalogHold(connection, transaction);
    }

    /// <summary>
    /// Publisher confirms put every event answered 202 into the listener's queue before the answer; a marker sent
    /// afterwards through each replica arrives after all of them.
    /// </summary>
    private async Task WaitForMarkersThroughBothAsync()
    {
        foreach (var replica in new[] { _replicaA, _replicaB })
        {
            var marker = ExampleEvent.Fresh(KkpEventTypes.ClusterUpdated, ExampleEvent.NewClusterId());
            Assert.Equal(HttpStatusCode.Accepted, (await replica.PostAsync(ExampleEvent.Bytes(marker))).StatusCode);
            await _listener.WaitForAsync(e => e.EventId == (string)marker["id"]!, TimeSpan.FromSeconds(60));
        }
    }

    private sealed class CatalogHold(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}

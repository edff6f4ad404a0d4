using Microsoft.Extensions.Logging;
using Mla.Tenants.Purge;
using Mla.Tenants.Tests.Purge.Fakes;
using Mla.TestSupport.Loki;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Mla.Tenants.Tests.Purge;

/// <summary>The purge over all configured stores: one result per store, failures reported and never thrown.</summary>
public sealed class TenantDataPurgeTests
{
    private const string Secret = "Bearer s3cr3t-token-value";

    [Fact]
    public async Task Every_store_is_purged_and_verified_and_the_purge_is_complete()
    {
        await using var vm = await FakeVictoriaMetrics.StartAsync();
        await using var mimir = await FakeTenantDeletionApi.StartAsync("compactor");
        await using var loki = await LokiPushFake.StartAsync();
        vm.AddSeries("cluster-a", "up");
        mimir.AddBlocks("cluster-a", 1);
        loki.ListsUntilProcessed = 1;
        using var harness = new Harness(new()
        {
            ["metrics-vm"] = PurgeTestKit.Store(PurgeStoreKinds.VictoriaMetrics, vm.BaseUri),
            ["metrics-mimir"] = PurgeTestKit.Store(PurgeStoreKinds.Mimir, mimir.BaseUri),
            ["logs"] = PurgeTestKit.Store(PurgeStoreKinds.Loki, loki.BaseUrl, "{cluster=~\".+\"}"),
        });

        var purge = await harness.Purge.PurgeAsync("cluster-a", CancellationToken.None);

        Assert.True(purge.Enabled);
        Assert.True(purge.Verified);
        Assert.Equal(["logs", "metrics-mimir", "metrics-vm"], purge.Stores.Select(s => s.Store));
        Assert.Equal(["logs", "metrics", "metrics"], purge.Stores.Select(s => s.Signal));
        Assert.Equal([PurgeStoreKinds.Loki, PurgeStoreKinds.Mimir, PurgeStoreKinds.VictoriaMetrics], purge.Stores.Select(s => s.Kind));
        Assert.Equal(purge.Stores.Max(s => s.At), purge.CompletedAt);
        Assert.Equal(1, harness.Metrics.StorePurges.WithLabels("metrics-vm", PurgeMetrics.Verified).Value);
        var logged = harness.Logger.Entries.Where(e => e.Level == LogLevel.Information).ToList();
        Assert.Equal(3, logged.Count);
        Assert.All(logged, e => Assert.Equal("cluster-a", e.Properties["Tenant"]));
        Assert.Contains(logged, e => e.Message.StartsWith("Tenant cluster-a: purged metrics-vm (victoriametrics)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_tenants_logs_are_gone_from_the_file_store_and_loki_and_another_tenants_are_intact()
    {
        var root = Directory.CreateTempSubdirectory("mla-purge-files-").FullName;
        try
        {
            foreach (var tenant in new[] { "cluster-a", "cluster-b" })
            {
                Directory.CreateDirectory(Path.Combine(root, tenant));
                File.WriteAllText(Path.Combine(root, tenant, "current.jsonl"), "{\"line\":\"x\"}\n");
                File.WriteAllText(Path.Combine(root, tenant, "logs-20261201T000000.0000000Z.jsonl"), "{\"line\":\"y\"}\n");
            }

            await using var loki = await LokiPushFake.StartAsync();
            loki.ListsUntilProcessed = 1;
            using var harness = new Harness(new()
            {
                ["logs-files"] = new PurgeStoreOptions { Kind = PurgeStoreKinds.Files, Directory = root },
                ["logs-loki"] = PurgeTestKit.Store(PurgeStoreKinds.Loki, loki.BaseUrl, "{cluster=~\".+\"}"),
            });

            var purge = await harness.Purge.PurgeAsync("cluster-a", CancellationToken.None);

            Assert.True(purge.Verified, string.Join("; ", purge.Stores.Select(s => $"{s.Store}: {s.Detail}")));
            Assert.Equal(["logs", "logs"], purge.Stores.Select(s => s.Signal));
            Assert.Contains("deleted 2 files", purge.Stores.Single(s => s.Store == "logs-files").Detail, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, "cluster-a")));
            Assert.Equal(2, Directory.GetFiles(Path.Combine(root, "cluster-b")).Length);
            Assert.NotEmpty(loki.DeleteRequests("cluster-a"));
            Assert.Empty(loki.DeleteRequests("cluster-b"));

            var again = await harness.Purge.PurgeAsync("../cluster-b", CancellationToken.None);
            Assert.Equal(2, Directory.GetFiles(Path.Combine(root, "cluster-b")).Length);
            Assert.True(again.Stores.Single(s => s.Store == "logs-files").Verified);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_store_that_is_down_is_reported_not_verified_with_the_reason_and_the_others_are_still_purged()
    {
        await using var vm = await FakeVictoriaMetrics.StartAsync();
        vm.AddSeries("cluster-a", "up");
        var down = PurgeTestKit.Store(PurgeStoreKinds.Mimir, PurgeTestKit.ClosedPort());
        down.Headers["Authorization"] = Secret;
        using var harness = new Harness(new()
        {
            ["vm"] = PurgeTestKit.Store(PurgeStoreKinds.VictoriaMetrics, vm.BaseUri),
            ["mimir"] = down,
        });

        var purge = await harness.Purge.PurgeAsync("cluster-a", CancellationToken.None);

        Assert.False(purge.Verified);
        Assert.Null(purge.CompletedAt);
        var failed = Assert.Single(purge.Stores, s => s.Store == "mimir");
        Assert.False(failed.Verified);
        Assert.StartsWith("POST /compactor/delete_tenant: ", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("refused", failed.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(Assert.Single(purge.Stores, s => s.Store == "vm").Verified);
        Assert.Empty(vm.SeriesOf("cluster-a"));
        Assert.Equal(1, harness.Metrics.StorePurges.WithLabels("mimir", PurgeMetrics.Failed).Value);
        Assert.DoesNotContain(harness.Logger.Entries, e => e.Message.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.Contains(harness.Logger.Entries, e => e.Level == LogLevel.Warning && Equals(e.Properties["Store"], "mimir"));
    }

    [Fact]
    public async Task A_store_that_does_not_answer_in_time_is_reported_with_the_timeout()
    {
        await using var slow = await FakeStoreServer.StartAsync(app =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/compactor/delete_tenant", async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                return Microsoft.AspNetCore.Http.Results.Ok();
            }));
        var settings = PurgeTestKit.FastSettings();
        settings.RequestTimeout = TimeSpan.FromMilliseconds(200);
        using var harness = new Harness(new() { ["mimir"] = PurgeTestKit.Store(PurgeStoreKinds.Mimir, slow.BaseUri) }, settings);

        var purge = await harness.Purge.PurgeAsync("cluster-a", CancellationToken.None);

        var store = Assert.Single(purge.Stores);
        Assert.False(store.Verified);
        Assert.Equal("POST /compactor/delete_tenant: no answer within 0.2 s", store.Detail);
    }

    [Fact]
    public async Task A_store_answering_an_undocumented_status_is_reported_with_status_and_body()
    {
        await using var loki = await FakeStoreServer.StartAsync(app =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/loki/api/v1/delete", () =>
                Microsoft.AspNetCore.Http.Results.Text("deletion is not enabled for this tenant", statusCode: 403)));
        using var harness = new Harness(new() { ["logs"] = PurgeTestKit.Store(PurgeStoreKinds.Loki, loki.BaseUri, "{job=~\".+\"}") });

        var store = Assert.Single((await harness.Purge.PurgeAsync("cluster-a", CancellationToken.None)).Stores);

        Assert.False(store.Verified);
        Assert.Equal("GET /loki/api/v1/delete answered 403 (expected 200): deletion is not enabled for this tenant", store.Detail);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_swallowed()
    {
        await using var vm = await FakeVictoriaMetrics.StartAsync();
        using var harness = new Harness(new() { ["vm"] = PurgeTestKit.Store(PurgeStoreKinds.VictoriaMetrics, vm.BaseUri) });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Purge.PurgeAsync("cluster-a", cancelled.Token));
    }

    private sealed class Harness : IDisposable
    {
        private readonly SingleClientFactory _clients = new();

        public Harness(Dictionary<string, PurgeStoreOptions> stores, PurgeOptions? settings = null)
        {
            var purge = settings ?? PurgeTestKit.FastSettings();
            purge.Stores = stores;
            Metrics = new PurgeMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
            Purge = new TenantDataPurge(_clients, MsOptions.Create(new TenantsOptions { Purge = purge }), Metrics, TimeProvider.System, Logger);
        }

        public PurgeMetrics Metrics { get; }

        public RecordingLogger<TenantDataPurge> Logger { get; } = new();

        public TenantDataPurge Purge { get; }

        public void Dispose() => _clients.Dispose();
    }
}

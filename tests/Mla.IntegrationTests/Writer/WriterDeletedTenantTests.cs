using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.IntegrationTests.Support;
using Mla.Tenants.Client;
using Mla.TestSupport.VictoriaMetrics;
using Mla.Writer.Tenants;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// Records of a deleted tenant still in Kafka are dropped, counted and committed; other tenants' records are written.
/// One tenant is deprovisioned by an event on the (in-memory) bus, another is Deleted in the tenant list read at
/// start from a small stand-in of the tenant service's <c>GET /api/v1/tenants</c>.
/// </summary>
[Collection(WriterCollection.Name)]
public sealed class WriterDeletedTenantTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Topic = "writer-deleted-tenants";

    [Fact]
    public async Task Records_of_deleted_tenants_are_dropped_and_committed_and_the_others_written()
    {
        var run = TestSamples.NewRun();
        var started = DateTimeOffset.UtcNow;
        var a = TestSamples.Create(run, $"deprovisioned-{run}", records: 30, samplesPerRecord: 5);
        var b = TestSamples.Create(run, $"ready-{run}", records: 20, samplesPerRecord: 5);
        var c = TestSamples.Create(run, $"listed-deleted-{run}", records: 10, samplesPerRecord: 5);
        await using var tenantsApi = await StartTenantsApiAsync(
            Tenant(a.Tenant, TenantStatus.Ready, started.AddDays(-1)),
            Tenant(b.Tenant, TenantStatus.Ready, started.AddDays(-1)),
            Tenant(c.Tenant, TenantStatus.Deleted, started.AddHours(-1)));
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(
            kafka.BootstrapServers,
            Topic,
            victoria.Server.RemoteWriteUrl,
            ("Mla:Bus:Transport", "InMemory"),
            ("Mla:Writer:Tenants:Url", tenantsApi.Urls.First()),
            ("Mla:Writer:Tenants:RefreshInterval", "00:10:00")));
        await writer.WaitUntilReadyAsync();

        var deprovisioningAt = DateTimeOffset.UtcNow;
        await writer.Service<IBus>().Publish(new TenantDeprovisioningStarted(
            Guid.NewGuid().ToString("N"), "urn:mla:test", deprovisioningAt, Tenant(a.Tenant, TenantStatus.Deprovisioning, deprovisioningAt)));
        var table = writer.Service<DeletedTenants>();
        await Eventually.WaitAsync(() => Task.FromResult(table.Find(a.Tenant)), d => d?.IsDeleted == true, TimeSpan.FromSeconds(30), d => $"{a.Tenant}: {d}");

        using var producer = new GatewayProducer(kafka.BootstrapServers);
        await producer.ProduceAsync(Topic, a);
        await producer.ProduceAsync(Topic, c);
        await producer.ProduceAsync(Topic, b);

        var vm = victoria.Server;
        var selector = TestSamples.Selector(run);
        var seenB = await Eventually.WaitAsync(
            () => vm.DistinctSamplesAsync(selector, $"tenant={b.Tenant}"), s => s.Count >= b.Expected.Count, TimeSpan.FromSeconds(120), s => $"{s.Count} of {b.Expected.Count} samples of B");
        Assert.True(b.Expected.SetEquals(seenB));
        await Eventually.WaitAsync(
            async () => await Task.WhenAll(Enumerable.Range(0, WriterKafkaFixture.Partitions).Select(p =>
                writer.MetricAsync($"mla_writer_consumer_lag{{sink=\"vm\",topic=\"{Topic}\",partition=\"{p}\"}}"))),
            lags => lags.All(l => l == 0),
            TimeSpan.FromSeconds(60),
            lags => $"lag per partition {string.Join(", ", lags)} (dropped records are committed like written ones)");

        Assert.Equal(30, await writer.MetricAsync(Dropped(a.Tenant)));
        Assert.Equal(10, await writer.MetricAsync(Dropped(c.Tenant)));
        Assert.Equal(0, await writer.MetricAsync(Dropped(b.Tenant)));
        Assert.Equal(0, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_written_total", a.Tenant)));
        Assert.Equal(20, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_written_total", b.Tenant)));
        Assert.Empty(await vm.QueryAsync($"count_over_time({selector}[1h])", $"tenant={a.Tenant}"));
        Assert.Empty(await vm.QueryAsync($"count_over_time({selector}[1h])", $"tenant={c.Tenant}"));
        Assert.Empty(await vm.DistinctSamplesAsync(selector, $"tenant={a.Tenant}"));

        // A replay of the deprovisioned tenant drops its records too.
        var response = await writer.Http.PostAsJsonAsync(
            "/api/v1/replay", new { tenant = a.Tenant, from = started.AddMinutes(-1).ToString("O"), to = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O") });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
        var progress = await Eventually.WaitAsync(
            async () => await writer.Http.GetFromJsonAsync<JsonElement>(status),
            p => p.GetProperty("state").GetString() != "Running",
            TimeSpan.FromSeconds(60),
            p => p.ToString());
        Assert.Equal("Completed", progress.GetProperty("state").GetString());
        Assert.Equal(30, progress.GetProperty("recordsMatched").GetInt64());
        Assert.Equal(30, progress.GetProperty("recordsDropped").GetInt64());
        Assert.Equal(0, progress.GetProperty("recordsWritten").GetInt64());
        Assert.Empty(await vm.DistinctSamplesAsync(selector, $"tenant={a.Tenant}"));
    }

    private static string Dropped(string tenant) =>
        $"mla_writer_records_dropped_total{{sink=\"{WriterSettings.Sink}\",tenant=\"{tenant}\",reason=\"{DeletedTenantFilter.TenantDeletedReason}\"}}";

    private static TenantState Tenant(string id, TenantStatus status, DateTimeOffset statusChangedAt) =>
        new(id, id, "seed-it", "project-it", status, new TenantLimits(MonitoringLimits.Defaults, LoggingLimits.Defaults), null, null, statusChangedAt);

    /// <summary>The tenant service's list endpoint, answering these tenants as it does (statuses as strings).</summary>
    private static async Task<WebApplication> StartTenantsApiAsync(params TenantState[] tenants)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        var app = builder.Build();
        app.MapGet("/api/v1/tenants", () => Results.Json(new { items = tenants, count = tenants.Length }, TenantsApiClient.Json));
        await app.StartAsync();
        return app;
    }
}

using Mla.IntegrationTests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mla.TestSupport;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>After one tenant's series were deleted from storage, a replay of that tenant restores exactly its samples.</summary>
[Collection(WriterCollection.Name)]
public sealed class WriterReplayTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Topic = "writer-replay";

    [Fact]
    public async Task A_replay_restores_the_deleted_tenants_samples_and_writes_nothing_of_another_tenant()
    {
        var run = TestSamples.NewRun();
        var started = DateTimeOffset.UtcNow;
        var a = TestSamples.Create(run, "replay-a", records: 40, samplesPerRecord: 5);
        var b = TestSamples.Create(run, "replay-b", records: 30, samplesPerRecord: 5);
        var vm = victoria.Server;
        var selector = TestSamples.Selector(run);
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(kafka.BootstrapServers, Topic, vm.RemoteWriteUrl));
        await writer.WaitUntilReadyAsync();
        using var producer = new GatewayProducer(kafka.BootstrapServers);
        await producer.ProduceAsync(Topic, a);
        await producer.ProduceAsync(Topic, b);
        await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(selector, "tenant=replay-a"), s => s.Count >= a.Expected.Count, TimeSpan.FromSeconds(60), s => $"{s.Count} samples of A");
        await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(selector, "tenant=replay-b"), s => s.Count >= b.Expected.Count, TimeSpan.FromSeconds(60), s => $"{s.Count} samples of B");
        var rawB = await vm.RawSampleCountAsync(selector, "tenant=replay-b");

        // VictoriaMetrics 1.79 applies extra_label to delete_series too: this deletes A's series only.
        await vm.DeleteSeriesAsync(selector, "tenant=replay-a");
        await Eventually.WaitAsync(() => vm.RawSampleCountAsync(selector, "tenant=replay-a"), n => n == 0, TimeSpan.FromSeconds(30), n => $"{n} samples of A left");
        Assert.Equal(rawB, await vm.RawSampleCountAsync(selector, "tenant=replay-b"));

        var response = await writer.Http.PostAsJsonAsync("/api/v1/replay", new { tenant = "replay-a", from = started.AddMinutes(-1).ToString("O"), to = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O") });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = accepted.GetProperty("status").GetString()!;
        Assert.Equal(status, response.Headers.Location!.OriginalString);
        var progress = await Eventually.WaitAsync(
            async () => await writer.Http.GetFromJsonAsync<JsonElement>(status),
            p => p.GetProperty("state").GetString() != "Running",
            TimeSpan.FromSeconds(60),
            p => p.ToString());
        ServerAnnouncement.Write($"replay: {progress}");

        Assert.Equal("Completed", progress.GetProperty("state").GetString());
        Assert.Equal(WriterKafkaFixture.Partitions, progress.GetProperty("partitionsDone").GetInt32());
        Assert.Equal(70, progress.GetProperty("recordsScanned").GetInt64());
        Assert.Equal(40, progress.GetProperty("recordsWritten").GetInt64());
        var restored = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(selector, "tenant=replay-a"), s => s.Count >= a.Expected.Count, TimeSpan.FromSeconds(30), s => $"{s.Count} samples of A after the replay");
        Assert.True(a.Expected.SetEquals(restored));
        Assert.Equal(a.Expected.Count, await vm.RawSampleCountAsync(selector, "tenant=replay-a"));
        Assert.Equal(rawB, await vm.RawSampleCountAsync(selector, "tenant=replay-b"));
        Assert.Equal(40, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_replay_records_written_total", "replay-a")));
        Assert.Equal(0, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_replay_records_written_total", "replay-b")));
    }

    [Fact]
    public async Task A_bad_replay_request_names_the_field_and_an_unknown_id_is_404()
    {
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(kafka.BootstrapServers, Topic, victoria.Server.RemoteWriteUrl));

        await AssertInvalidAsync(writer, new { from = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00Z" }, "tenant");
        await AssertInvalidAsync(writer, new { tenant = "a", from = "yesterday", to = "2026-01-02T00:00:00Z" }, "from");
        await AssertInvalidAsync(writer, new { tenant = "a", from = "2026-01-02T00:00:00Z", to = "2026-01-01T00:00:00Z" }, "to");
        await AssertInvalidAsync(writer, new { tenant = "a", from = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00+02:00", sink = "nope" }, "sink");
        using var notJson = await writer.Http.PostAsync("/api/v1/replay", new StringContent("{nope"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        using var unknown = await writer.Http.GetAsync("/api/v1/replay/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task AssertInvalidAsync(WriterTestApp writer, object body, string field)
    {
        using var response = await writer.Http.PostAsJsonAsync("/api/v1/replay", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the 400 names {field}: {problem}");
    }
}

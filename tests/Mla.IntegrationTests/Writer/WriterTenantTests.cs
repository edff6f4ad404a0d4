using Mla.IntegrationTests.Support;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>Records of two tenants reach VictoriaMetrics each under its own tenant label, and only there.</summary>
[Collection(WriterCollection.Name)]
public sealed class WriterTenantTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Topic = "writer-tenants";

    [Fact]
    public async Task Each_tenants_series_are_queryable_under_its_extra_label_and_not_under_the_other()
    {
        var run = TestSamples.NewRun();
        var a = TestSamples.Create(run, "tenant-a", records: 30, samplesPerRecord: 5);
        var b = TestSamples.Create(run, "tenant-b", records: 20, samplesPerRecord: 5);
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(kafka.BootstrapServers, Topic, victoria.Server.RemoteWriteUrl));
        await writer.WaitUntilReadyAsync();
        using var producer = new GatewayProducer(kafka.BootstrapServers);

        await producer.ProduceAsync(Topic, a);
        await producer.ProduceAsync(Topic, b);

        var vm = victoria.Server;
        var seenA = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(TestSamples.Selector(run), "tenant=tenant-a"), s => s.Count >= a.Expected.Count, TimeSpan.FromSeconds(60), s => $"{s.Count} of {a.Expected.Count} samples of tenant-a");
        var seenB = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(TestSamples.Selector(run), "tenant=tenant-b"), s => s.Count >= b.Expected.Count, TimeSpan.FromSeconds(60), s => $"{s.Count} of {b.Expected.Count} samples of tenant-b");
        Assert.True(a.Expected.SetEquals(seenA), "tenant-a sees exactly its own samples");
        Assert.True(b.Expected.SetEquals(seenB), "tenant-b sees exactly its own samples");
        Assert.All(await vm.QueryAsync($"count_over_time({TestSamples.Selector(run)}[1h])", "tenant=tenant-a"), r => Assert.Equal("tenant-a", r.Labels["src"]));
        Assert.Equal(5, (await vm.QueryAsync($"count_over_time({TestSamples.Selector(run)}[1h])", "tenant=tenant-b")).Count);

        Assert.Equal(30, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_written_total", "tenant-a")));
        Assert.Equal(150, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_samples_written_total", "tenant-a")));
        Assert.Equal(20, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_written_total", "tenant-b")));
        await Eventually.WaitAsync(
            async () => await Task.WhenAll(Enumerable.Range(0, WriterKafkaFixture.Partitions).Select(p =>
                writer.MetricAsync($"mla_writer_consumer_lag{{sink=\"vm\",topic=\"{Topic}\",partition=\"{p}\"}}"))),
            lags => lags.All(l => l == 0),
            TimeSpan.FromSeconds(30),
            lags => $"lag per partition {string.Join(", ", lags)}");
        Assert.Equal(WriterKafkaFixture.AssignedPartitions, await writer.MetricAsync("mla_writer_assigned_partitions{sink=\"vm\"}"));
    }
}

using Mla.IntegrationTests.Support;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// Adaptive batching: once the consumer has caught up and a request slot is free, a batch goes out at once instead of
/// waiting for <c>BatchMaxWait</c> (the shutdown test shows the other side: with it off, batches wait).
/// </summary>
[Collection(WriterCollection.Name)]
public sealed class WriterEarlySendTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Topic = "writer-early-send";

    [Fact]
    public async Task A_caught_up_writer_sends_a_batch_at_once_although_BatchMaxWait_is_ten_minutes()
    {
        const string tenant = "early";
        var run = TestSamples.NewRun();
        var samples = TestSamples.Create(run, tenant, records: 5, samplesPerRecord: 3);
        var vm = victoria.Server;
        await using var writer = await WriterTestApp.StartAsync(WriterSettings.For(kafka.BootstrapServers, Topic, vm.RemoteWriteUrl, ("BatchMaxWait", "00:10:00")));
        await writer.WaitUntilReadyAsync();
        using var producer = new GatewayProducer(kafka.BootstrapServers);

        await producer.ProduceAsync(Topic, samples);

        // Far below the ten minutes the batch could wait; generous for a loaded CI machine.
        var seen = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(TestSamples.Selector(run)), s => s.Count >= samples.Expected.Count, TimeSpan.FromSeconds(60), s => $"{s.Count} of {samples.Expected.Count} samples");
        Assert.True(samples.Expected.SetEquals(seen));
        Assert.Equal(5, await writer.MetricAsync(WriterTestApp.Counter("mla_writer_records_written_total", tenant)));
        Assert.Equal(0, await writer.MetricAsync("mla_writer_held_records{sink=\"vm\"}"));
    }
}

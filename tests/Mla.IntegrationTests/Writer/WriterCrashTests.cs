using Mla.IntegrationTests.Support;
using System.Diagnostics;
using Mla.TestSupport;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.Writer;

/// <summary>A writer killed with SIGKILL mid-stream loses nothing: its successor resumes from the last commit.</summary>
[Collection(WriterCollection.Name)]
public sealed class WriterCrashTests(WriterKafkaFixture kafka, VictoriaMetricsFixture victoria)
{
    private const string Topic = "writer-crash";

    [Fact]
    public async Task Every_sample_arrives_when_the_writer_process_is_killed_mid_stream_and_started_again()
    {
        const string tenant = "crash";
        var run = TestSamples.NewRun();
        var samples = TestSamples.Create(run, tenant, records: 300, samplesPerRecord: 10);
        var vm = victoria.Server;
        await using var writer = await WriterProcess.StartAsync(WriterSettings.For(kafka.BootstrapServers, Topic, vm.RemoteWriteUrl));
        using var producer = new GatewayProducer(kafka.BootstrapServers);

        // A steady stream of about 15 s: 60 chunks of 5 records, 250 ms apart.
        var stream = Task.Run(async () =>
        {
            for (var chunk = 0; chunk < 60; chunk++)
            {
                await producer.ProduceAsync(Topic, samples, chunk * 5, 5);
                await Task.Delay(250);
            }
        });
        var atKill = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(TestSamples.Selector(run)), s => s.Count >= 50, TimeSpan.FromSeconds(60), s => $"{s.Count} samples before the kill");
        await writer.KillAsync();
        Assert.False(stream.IsCompleted, "the kill happened mid-stream");
        await stream;

        var clock = Stopwatch.StartNew();
        await writer.StartAgainAsync();
        var seen = await Eventually.WaitAsync(() => vm.DistinctSamplesAsync(TestSamples.Selector(run)), s => s.Count >= samples.Expected.Count, TimeSpan.FromSeconds(90), s => $"{s.Count} of {samples.Expected.Count} samples after the restart");
        var raw = await vm.RawSampleCountAsync(TestSamples.Selector(run));
        ServerAnnouncement.Write($"writer killed with {atKill.Count} samples stored; all {samples.Expected.Count} stored {clock.Elapsed.TotalSeconds:0.0} s after the restart ({raw - samples.Expected.Count} duplicates)");

        Assert.True(samples.Expected.SetEquals(seen), $"{samples.Expected.Except(seen).Count()} missing, {seen.Except(samples.Expected).Count()} unexpected");
        Assert.True(raw >= samples.Expected.Count);
    }
}

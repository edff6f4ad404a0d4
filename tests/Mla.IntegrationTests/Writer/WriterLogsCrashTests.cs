using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Mla.Ingestion.Logs;
using Mla.IntegrationTests.Support;
using Mla.TestSupport;
using Mla.Writer.Sinks;
using Snappier;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// The logs path's crash proof: a writer with a file sink killed with SIGKILL mid-stream loses no acknowledged line
/// (the sink syncs before the offsets are committed); its successor resumes from the last commit.
/// </summary>
[Collection(WriterCollection.Name)]
public sealed class WriterLogsCrashTests(WriterKafkaFixture kafka) : IDisposable
{
    private const string Topic = "writer-logs-crash";
    private const string Tenant = "logs-crash";
    private readonly string _files = Directory.CreateTempSubdirectory("mla-writer-logs-crash-").FullName;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [Fact]
    public async Task Every_acknowledged_line_is_in_the_file_sink_when_the_writer_is_killed_mid_stream_and_started_again()
    {
        var run = Guid.NewGuid().ToString("N");
        var settings = WriterSettings.For(kafka.BootstrapServers, Topic, new Uri("http://unused.invalid/"),
            ("Type", SinkTypes.File), ("Directory", _files));
        await using var writer = await WriterProcess.StartAsync(settings);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All }).Build();
        var acknowledged = new List<string>();

        // A steady stream of about 15 s: 60 records of 10 lines, 250 ms apart; a line counts once Kafka acknowledged it.
        var stream = Task.Run(async () =>
        {
            for (var record = 0; record < 60; record++)
            {
                var lines = Enumerable.Range(0, 10).Select(i => $"{run} {record:000} {i}").ToList();
                await producer.ProduceAsync(Topic, Record(lines));
                lock (acknowledged)
                {
                    acknowledged.AddRange(lines);
                }

                await Task.Delay(250);
            }
        });
        var atKill = await Eventually.WaitAsync(() => Task.FromResult(Lines(run)), l => l.Count >= 50, TimeSpan.FromSeconds(60), l => $"{l.Count} lines before the kill");
        await writer.KillAsync();
        Assert.False(stream.IsCompleted, "the kill happened mid-stream");
        await stream;

        var clock = Stopwatch.StartNew();
        await writer.StartAgainAsync();
        var seen = await Eventually.WaitAsync(() => Task.FromResult(Lines(run)), l => acknowledged.All(l.Contains), TimeSpan.FromSeconds(90), l => $"{acknowledged.Count(l.Contains)} of {acknowledged.Count} lines after the restart");
        ServerAnnouncement.Write($"logs writer killed with {atKill.Count} lines in the file sink; all {acknowledged.Count} there {clock.Elapsed.TotalSeconds:0.0} s after the restart");
        Assert.True(seen.SetEquals(acknowledged), $"{seen.Except(acknowledged).Count()} unexpected lines");
    }

    private static Message<string, byte[]> Record(List<string> lines)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var value = Snappy.CompressToArray(PushRequestWriter.Encode([new LogStreamEntries("{app=\"crash\"}", [.. lines.Select((l, i) => new LogEntry(now + i, l, LogEntry.NoMetadata))])]));
        return new Message<string, byte[]>
        {
            Key = Tenant,
            Value = value,
            Headers = new Headers
            {
                { IngestionHeaders.Tenant, Encoding.UTF8.GetBytes(Tenant) },
                { IngestionHeaders.Format, Encoding.UTF8.GetBytes(IngestionHeaders.LokiPushV1Format) },
                { IngestionHeaders.Samples, Encoding.UTF8.GetBytes(lines.Count.ToString(CultureInfo.InvariantCulture)) },
            },
        };
    }

    /// <summary>This run's lines in the tenant's files (a line cut by the kill is not counted: it was not synced, so not committed).</summary>
    private HashSet<string> Lines(string run)
    {
        var directory = Path.Combine(_files, Tenant);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } text)
            {
                try
                {
                    var line = JsonDocument.Parse(text).RootElement.GetProperty("line").GetString()!;
                    if (line.StartsWith(run, StringComparison.Ordinal))
                    {
                        lines.Add(line);
                    }
                }
                catch (JsonException)
                {
                    // The last line of a file the kill interrupted.
                }
            }
        }

        return lines;
    }
}

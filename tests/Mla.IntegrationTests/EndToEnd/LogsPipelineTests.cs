using System.Diagnostics;
using System.Text.Json;
using Mla.Ingestion.Kafka;
using Mla.IntegrationTests.Gateway;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Writer;
using Mla.TestSupport.Kafka;
using Mla.TestSupport.Logs;
using Mla.TestSupport.Loki;
using Mla.Writer.Sinks;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.EndToEnd;

/// <summary>
/// A real shipper (syslog-ng's http() destination, Loki push JSON with each tenant's bearer token) through the real
/// path: gateway → Kafka → writer → a Loki push receiver (the fake) and the file sink. Every line arrives under its
/// own tenant and none under another, across a log-store outage of 20 s.
/// </summary>
public sealed class LogsPipelineTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Topic = "e2e-logs";
    private const string OtherToken = "token-of-tenant-u";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);
    private readonly string _files = Directory.CreateTempSubdirectory("mla-logs-e2e-").FullName;
    private KafkaServer _kafka = null!;
    private LokiPushFake _loki = null!;
    private GatewayTestApp _gateway = null!;
    private WriterTestApp _writer = null!;
    private SyslogNgShipper _shipper = null!;

    public async Task InitializeAsync()
    {
        _kafka = await KafkaServer.StartAsync([(Topic, 2), (IngestionTopics.DeadLetter(Topic), 1), (IngestionTopics.Retry(Topic), 1)]);
        _loki = await LokiPushFake.StartAsync();
        _gateway = await GatewayTestApp.StartAsync(_kafka.BootstrapServers, "e2e-metrics-unused", pki: null, new()
        {
            ["Mla:Gateway:Kafka:LogsTopic"] = Topic,
            ["Mla:Gateway:Tenants:tenant-u:TokenSha256"] = GatewayTestApp.Sha256(OtherToken),
        });
        var settings = WriterSettings.For(_kafka.BootstrapServers, Topic, _loki.PushUrl,
            ("Type", SinkTypes.Loki), ("TenantPlacement", "header"));
        settings["Mla:Writer:Sinks:files:Type"] = SinkTypes.File;
        settings["Mla:Writer:Sinks:files:Directory"] = _files;
        settings["Mla:Writer:Sinks:files:GroupId"] = $"mla-writer-files-{Guid.NewGuid():N}";
        settings["Mla:Writer:Sinks:files:BatchMaxWait"] = "00:00:00.200";
        _writer = await WriterTestApp.StartAsync(settings);
        await _writer.WaitUntilReadyAsync();
        _shipper = SyslogNgShipper.Start(new Uri(_gateway.HttpUrl, Mla.Gateway.Logs.LogPushEndpoint.Route), [("tenant-t", GatewayTestApp.Token), ("tenant-u", OtherToken)]);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine($"syslog-ng: {_shipper.LogTail()}");
        await _shipper.DisposeAsync();
        await _writer.DisposeAsync();
        await _gateway.DisposeAsync();
        await _loki.DisposeAsync();
        await _kafka.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }

    [Fact]
    public async Task Every_line_arrives_under_its_own_tenant_in_both_stores_across_a_log_store_outage()
    {
        var sent = new Dictionary<string, List<string>> { ["tenant-t"] = [], ["tenant-u"] = [] };
        Send(sent, 20, "before");
        await WaitForLokiAsync(sent);

        _loki.Down = true;
        var outage = Stopwatch.StartNew();
        Send(sent, 40, "during");
        foreach (var tenant in sent.Keys)
        {
            // The gateway took every line (syslog-ng sent them all) while the store is down.
            await Eventually.WaitAsync(
                () => _gateway.MetricAsync($"mla_gateway_log_entries_total{{tenant=\"{tenant}\",outcome=\"accepted\"}}"),
                accepted => accepted >= 60,
                TimeSpan.FromSeconds(60),
                accepted => $"{accepted} of 60 lines of {tenant} accepted by the gateway; syslog-ng: {_shipper.LogTail()}");
        }

        while (outage.Elapsed < Outage)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.All(sent, pair => Assert.True(_loki.Entries(pair.Key).Count < pair.Value.Count, "lines arrived while the store was down"));
        _loki.Down = false;
        var clock = Stopwatch.StartNew();
        await WaitForLokiAsync(sent);
        output.WriteLine($"outage of {outage.Elapsed.TotalSeconds:0.0} s; every line in the Loki fake {clock.Elapsed.TotalSeconds:0.0} s after it came back");

        foreach (var (tenant, lines) in sent)
        {
            var other = sent.Where(p => p.Key != tenant).SelectMany(p => p.Value).ToHashSet();
            var inLoki = _loki.Entries(tenant).Select(e => e.Entry.Line).ToHashSet();
            Assert.DoesNotContain(inLoki, other.Contains);
            var inFiles = await Eventually.WaitAsync(
                () => Task.FromResult(FileLines(tenant)),
                found => lines.All(found.Contains),
                TimeSpan.FromSeconds(60),
                found => $"{lines.Count(found.Contains)} of {lines.Count} lines of {tenant} in the file sink");
            Assert.DoesNotContain(inFiles, other.Contains);
        }

        Assert.Equal(["tenant-t", "tenant-u"], _loki.Tenants.Order(StringComparer.Ordinal));
    }

    private void Send(Dictionary<string, List<string>> sent, int count, string phase)
    {
        foreach (var (tenant, lines) in sent)
        {
            // Quotes and a backslash: syslog-ng's escaping must keep the JSON valid and the line intact.
            var batch = Enumerable.Range(0, count).Select(i => $"{phase} \"{tenant}\" {i} \\ {Guid.NewGuid():N}").ToList();
            _shipper.Append(tenant, batch);
            lines.AddRange(batch);
        }
    }

    private Task<Dictionary<string, HashSet<string>>> WaitForLokiAsync(Dictionary<string, List<string>> sent) =>
        Eventually.WaitAsync(
            () => Task.FromResult(sent.ToDictionary(p => p.Key, p => _loki.Entries(p.Key).Select(e => e.Entry.Line).ToHashSet())),
            found => sent.All(p => p.Value.All(found[p.Key].Contains)),
            TimeSpan.FromSeconds(90),
            found => string.Join(", ", sent.Select(p => $"{p.Key}: {p.Value.Count(found[p.Key].Contains)} of {p.Value.Count}")));

    private HashSet<string> FileLines(string tenant)
    {
        var directory = Path.Combine(_files, tenant);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetFiles(directory, "*.jsonl")
            .SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()!)
            .ToHashSet();
    }
}

using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Gateway.Limits;
using Mla.Gateway.Tenants;
using Mla.Ingestion.Kafka;
using Mla.Ingestion.Logs;
using Mla.IntegrationTests.Support;
using Snappier;

namespace Mla.IntegrationTests.Gateway;

/// <summary>
/// The Loki push path against a real broker: the three forms reach the logs topic under the authenticated tenant;
/// bad input gets its status with nothing produced and the process alive; partial acceptance; bytes/s limits per
/// tenant, changed at run time.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayLogPushTests(GatewayKafkaFixture kafka) : IAsyncLifetime
{
    private const string Topic = GatewayKafkaFixture.LogsTopic;
    private const string SlowToken = "token-of-slow-logs";
    private const int MaxBodyBytes = 256 * 1024;
    private const int MaxDecompressedBytes = 1024 * 1024;
    private GatewayTestApp _app = null!;

    public static TheoryData<string> Cases() =>
    [
        "bad json", "json timestamp as number", "truncated protobuf", "not snappy", "bad labels", "no labels", "line over the limit",
        "timestamp too old", "timestamp too new", "gzip bomb", "snappy bomb", "wrong content type", "no content type",
        "unsupported encoding", "oversized body", "empty body", "no credential", "tenant header only",
    ];

    public async Task InitializeAsync() =>
        _app = await GatewayTestApp.StartAsync(kafka.BootstrapServers, GatewayKafkaFixture.LimitsTopic, pki: null, new()
        {
            ["Mla:Gateway:Kafka:LogsTopic"] = Topic,
            ["Mla:Gateway:MaxBodyBytes"] = MaxBodyBytes.ToString(CultureInfo.InvariantCulture),
            ["Mla:Gateway:MaxDecompressedBytes"] = MaxDecompressedBytes.ToString(CultureInfo.InvariantCulture),
            ["Mla:Gateway:MaxInFlightBytes"] = (8 * MaxDecompressedBytes).ToString(CultureInfo.InvariantCulture),
            ["Mla:Gateway:DefaultLimits:Logs:MaxLineBytes"] = "1000",
            // 1 byte/s: the bucket does not measurably refill during the test, whatever the machine's speed.
            ["Mla:Gateway:Tenants:slow:TokenSha256"] = GatewayTestApp.Sha256(SlowToken),
            ["Mla:Gateway:Tenants:slow:Limits:Logs:IngestionRateBytes"] = "1",
            ["Mla:Gateway:Tenants:slow:Limits:Logs:IngestionBurstBytes"] = "100",
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Json_gzip_json_and_protobuf_reach_the_logs_topic_under_the_authenticated_tenant_with_structured_metadata()
    {
        var (json, gzip, proto) = (LogBodies.NewMarker("json"), LogBodies.NewMarker("gzip"), LogBodies.NewMarker("proto"));
        var jsonRequest = LogBodies.Json(GatewayTestApp.Token, ("a", json));
        var gzipRequest = LogBodies.Json(GatewayTestApp.Token, ("a", gzip));
        gzipRequest = gzipRequest with { Body = LogBodies.Gzip(gzipRequest.Body), ContentEncoding = "gzip" };
        var protoRequest = LogBodies.Protobuf(GatewayTestApp.Token,
            new LogStreamEntries("{app=\"b\", env=\"prod\"}", [new LogEntry(LogBodies.NowNs, proto, [new LogLabel("trace_id", "t-1")])]));

        foreach (var request in new[] { jsonRequest, gzipRequest, protoRequest })
        {
            var (status, text, _) = await GatewayTestApp.PushAsync(_app.Http, request);
            Assert.True(status == 204, $"{status} {text}");
        }

        var (otherStatus, otherText, _) = await GatewayTestApp.PushAsync(_app.Http, protoRequest with { TenantHeader = "tenant-a" });
        Assert.True(otherStatus == 403, $"a header naming another tenant than the token: {otherStatus} {otherText}");

        var records = await TopicRecords.ReadAsync(kafka.BootstrapServers, Topic,
            r => r.CarriesLine(json) && r.CarriesLine(gzip) && r.CarriesLine(proto), TimeSpan.FromSeconds(60));
        var lines = records.Lines().Where(l => l.Entry.Line == json || l.Entry.Line == gzip || l.Entry.Line == proto).ToList();
        Assert.All(lines, l => Assert.Equal("tenant-t", l.Tenant)); // the token decides, never X-Scope-OrgID
        Assert.Equal("{app=\"b\", env=\"prod\"}", lines.Single(l => l.Entry.Line == proto).Labels);
        Assert.Equal([new LogLabel("trace_id", "t-1")], lines.Single(l => l.Entry.Line == proto).Entry.Metadata);
        var record = records.First(r => new[] { r }.CarriesLine(proto));
        Assert.Equal(IngestionHeaders.LokiPushV1Format, Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(IngestionHeaders.Format)));
        Assert.Equal("tenant-t", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(IngestionHeaders.Tenant)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_status_and_reason_and_nothing_reaches_the_topic(string name)
    {
        var marker = LogBodies.NewMarker("bad");
        var (request, status, reason) = Case(name, marker);

        var (actual, body, _) = await GatewayTestApp.PushAsync(_app.Http, request);

        Assert.True(actual == status, $"{name}: expected {status}, got {actual} {body}");
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.Equal(200, await _app.StatusOfAsync("/healthz"));
        var sentinel = LogBodies.NewMarker("sentinel");
        var (ok, okBody, _) = await GatewayTestApp.PushAsync(_app.Http, LogBodies.Json(GatewayTestApp.Token, ("s", sentinel)));
        Assert.True(ok == 204, $"sentinel: {ok} {okBody}");
        var records = await TopicRecords.ReadAsync(kafka.BootstrapServers, Topic, r => r.CarriesLine(sentinel), TimeSpan.FromSeconds(60));
        Assert.False(records.CarriesLine(marker), $"{name}: the rejected line reached the topic");
    }

    [Fact]
    public async Task A_few_thousand_random_bodies_get_4xx_and_the_gateway_keeps_serving()
    {
        var random = new Random(Environment.TickCount);
        var forms = new[] { ("application/json", (string?)null), ("application/json", "gzip"), ("application/x-protobuf", null) };
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(1, 2048)];
            random.NextBytes(bytes);
            var (contentType, encoding) = forms[i % forms.Length];
            var request = new PushRequest(bytes) { Bearer = GatewayTestApp.Token, Path = Mla.Gateway.Logs.LogPushEndpoint.Route, ContentType = contentType, ContentEncoding = encoding };
            var (status, _, _) = await GatewayTestApp.PushAsync(_app.Http, request);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        // A random snappy block may decode to a PushRequest without entries: 204 with nothing produced, as Loki answers.
        Assert.True(statuses.Keys.All(s => s is 204 or (>= 400 and < 500)), string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}")));
        Assert.True(statuses.Where(p => p.Key >= 400).Sum(p => p.Value) > 1900, string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}")));
        var sentinel = LogBodies.NewMarker("after-random");
        var (ok, okBody, _) = await GatewayTestApp.PushAsync(_app.Http, LogBodies.Json(GatewayTestApp.Token, ("s", sentinel)));
        Assert.True(ok == 204, $"{ok} {okBody}");
        Assert.Equal(0, await _app.MetricAsync("mla_gateway_requests_total{tenant=\"tenant-t\",status=\"500\"}"));
    }

    [Fact]
    public async Task Valid_streams_of_a_partly_bad_request_are_kept_and_the_answer_names_the_first_rejected()
    {
        var (good, bad) = (LogBodies.NewMarker("good"), LogBodies.NewMarker("bad"));
        var request = LogBodies.Protobuf(GatewayTestApp.Token,
            new LogStreamEntries("{app=\"good\"}", [new LogEntry(LogBodies.NowNs, good, LogEntry.NoMetadata)]),
            new LogStreamEntries("{app=\"bad\", app=\"twice\"}", [new LogEntry(LogBodies.NowNs, bad, LogEntry.NoMetadata), new LogEntry(LogBodies.NowNs, bad, LogEntry.NoMetadata)]));

        var (status, text, _) = await GatewayTestApp.PushAsync(_app.Http, request);

        Assert.Equal(400, status);
        Assert.Contains("accepted 1 entries, rejected 2 entries (1 whole streams); first rejected: stream '{app=\"bad\", app=\"twice\"}' has duplicate label name: 'app'", text, StringComparison.Ordinal);
        var records = await TopicRecords.ReadAsync(kafka.BootstrapServers, Topic, r => r.CarriesLine(good), TimeSpan.FromSeconds(60));
        Assert.False(records.CarriesLine(bad), "the rejected stream reached the topic");
        Assert.True(await _app.MetricAsync("mla_gateway_log_entries_rejected_total{tenant=\"tenant-t\",reason=\"duplicate_label_names\"}") >= 2);
    }

    [Fact]
    public async Task Over_its_bytes_per_second_a_tenant_gets_429_another_is_unaffected_and_a_limits_change_applies_at_once()
    {
        var (first, over, other) = (LogBodies.NewMarker("first"), LogBodies.NewMarker("over"), LogBodies.NewMarker("other"));

        // 80 of the 100 bytes of burst, then 60 more: over.
        var (firstStatus, firstText, _) = await GatewayTestApp.PushAsync(_app.Http, LogBodies.Json(SlowToken, ("a", Pad(first, 80))));
        var (overStatus, overText, overResponse) = await GatewayTestApp.PushAsync(_app.Http, LogBodies.Json(SlowToken, ("a", Pad(over, 60))));
        var (otherStatus, otherText, _) = await GatewayTestApp.PushAsync(_app.Http, LogBodies.Json(GatewayTestApp.Token, ("a", Pad(other, 200))));

        Assert.True(firstStatus == 204, $"{firstStatus} {firstText}");
        Assert.Equal(429, overStatus);
        Assert.Contains("ingestion rate limit exceeded for tenant 'slow' (limit: 1 bytes/sec, burst 100 bytes) while attempting to ingest 1 lines totaling 60 bytes", overText, StringComparison.Ordinal);
        Assert.NotNull(overResponse.Headers.RetryAfter);
        Assert.True(otherStatus == 204, $"{otherStatus} {otherText}");

        // The tenant service raises the tenant's logging limits (MB/s, as KKP's): the next push passes.
        var directory = _app.App.Services.GetRequiredService<ITenantDirectory>();
        var slow = directory.Current.Tenants.Single(t => t.Id == "slow");
        var state = new TenantState("slow", "slow", "seed", "project", TenantStatus.Ready,
            new Mla.Contracts.Tenants.TenantLimits(MonitoringLimits.Defaults, new LoggingLimits(1, 2, null, null)), null, null, DateTimeOffset.UtcNow);
        var raised = FeedTenants.From(state, new LimitsOptions()) with { Token = slow.Token, Seed = null, AcceptedCertificateSerials = null };
        directory.Replace(new TenantSnapshot(directory.Current.Tenants.Where(t => t.Id != "slow").Append(raised)));
        var again = LogBodies.NewMarker("again");
        var (againStatus, againText) = await Eventually.WaitAsync(
            async () =>
            {
                var (status, text, _) = await GatewayTestApp.PushAsync(_app.Http, LogBodies.Json(SlowToken, ("a", Pad(again, 50_000))));
                return (status, text);
            },
            result => result.status != 429,
            TimeSpan.FromSeconds(30),
            result => $"{result.status} {result.text}");
        Assert.True(againStatus == 204, $"after the change: {againStatus} {againText}");

        var records = await TopicRecords.ReadAsync(kafka.BootstrapServers, Topic, r => r.CarriesLine(first) && r.CarriesLine(other) && r.CarriesLine(again), TimeSpan.FromSeconds(60));
        Assert.False(records.CarriesLine(over), "a rate-limited push reached the topic");
        Assert.True(await _app.MetricAsync("mla_gateway_log_entries_rejected_total{tenant=\"slow\",reason=\"rate_limited\"}") >= 1);
        Assert.Equal(0, await _app.MetricAsync("mla_gateway_log_entries_rejected_total{tenant=\"tenant-t\",reason=\"rate_limited\"}"));
    }

    private static string Pad(string marker, int bytes) => marker + new string('.', bytes - marker.Length);

    private static (PushRequest Request, int Status, string Reason) Case(string name, string marker)
    {
        var token = GatewayTestApp.Token;
        var json = LogBodies.Json(token, ("a", marker));
        var proto = PushRequestWriter.Encode([new LogStreamEntries("{app=\"a\"}", [new LogEntry(LogBodies.NowNs, marker, LogEntry.NoMetadata)])]);
        var protoRequest = LogBodies.Protobuf(token);
        var old = LogBodies.NowNs - (TimeSpan.FromDays(8).Ticks * 100);
        var future = LogBodies.NowNs + (TimeSpan.FromHours(1).Ticks * 100);
        return name switch
        {
            "bad json" => (json with { Body = Encoding.UTF8.GetBytes($"{{\"streams\":[{{\"stream\":{{\"app\":\"a\"}},\"values\":[[\"1\",\"{marker}\"") }, 400, "JSON"),
            "json timestamp as number" => (json with { Body = Encoding.UTF8.GetBytes($"{{\"streams\":[{{\"stream\":{{\"app\":\"a\"}},\"values\":[[{LogBodies.NowNs},\"{marker}\"]]}}]}}") }, 400, "must be a string"),
            "truncated protobuf" => (protoRequest with { Body = Snappy.CompressToArray(proto.AsSpan(0, proto.Length - 3)) }, 400, "not a valid Loki PushRequest"),
            "not snappy" => (protoRequest with { Body = proto }, 400, "snappy"),
            "bad labels" => (LogBodies.Protobuf(token, new LogStreamEntries("{app=\"a\"", [new LogEntry(LogBodies.NowNs, marker, LogEntry.NoMetadata)])), 400, "error parsing labels"),
            "no labels" => (LogBodies.Protobuf(token, new LogStreamEntries("{}", [new LogEntry(LogBodies.NowNs, marker, LogEntry.NoMetadata)])), 400, "at least one label pair is required per stream"),
            "line over the limit" => (LogBodies.Json(token, ("a", marker + new string('x', 1000))), 400, "max entry size '1000' bytes exceeded"),
            "timestamp too old" => (LogBodies.Protobuf(token, new LogStreamEntries("{app=\"a\"}", [new LogEntry(old, marker, LogEntry.NoMetadata)])), 400, "has timestamp too old"),
            "timestamp too new" => (LogBodies.Protobuf(token, new LogStreamEntries("{app=\"a\"}", [new LogEntry(future, marker, LogEntry.NoMetadata)])), 400, "has timestamp too new"),
            "gzip bomb" => (json with { Body = GzipBomb(64L * 1024 * 1024), ContentEncoding = "gzip" }, 413, "decompresses to more than"),
            "snappy bomb" => (protoRequest with { Body = Snappy.CompressToArray(new byte[MaxDecompressedBytes + 1]) }, 413, "decompresses to"),
            "wrong content type" => (json with { ContentType = "text/plain" }, 415, "is not supported"),
            "no content type" => (json with { ContentType = null }, 400, "Content-Type is required"),
            "unsupported encoding" => (json with { ContentEncoding = "br" }, 400, "not supported"),
            "oversized body" => (LogBodies.Json(token, ("a", marker + new string('x', MaxBodyBytes))), 413, "larger than the limit"),
            "empty body" => (json with { Body = [] }, 400, "the body is empty"),
            "no credential" => (json with { Bearer = null }, 401, ""),
            "tenant header only" => (json with { Bearer = null, TenantHeader = "tenant-a" }, 401, ""),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    private static byte[] GzipBomb(long size)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }
}

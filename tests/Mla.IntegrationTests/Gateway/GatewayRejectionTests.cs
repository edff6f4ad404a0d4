using Snappier;

namespace Mla.IntegrationTests.Gateway;

/// <summary>Bad input gets the right status and a reason, produces nothing, and the process keeps answering.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayRejectionTests(GatewayKafkaFixture kafka) : IAsyncLifetime
{
    private const string Topic = GatewayKafkaFixture.RejectionTopic;
    private const int MaxBodyBytes = 64 * 1024;
    private GatewayTestApp _app = null!;

    public static TheoryData<string> Cases() =>
    [
        "empty body", "uncompressed protobuf", "truncated protobuf", "random bytes", "unsorted labels", "duplicate labels",
        "too many labels", "too long label name", "oversized body", "wrong content type", "remote write 2.0", "no content encoding",
    ];

    public async Task InitializeAsync() =>
        _app = await GatewayTestApp.StartAsync(kafka.BootstrapServers, Topic, pki: null, new()
        {
            ["Mla:Gateway:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_status_and_reason_and_nothing_reaches_the_topic(string name)
    {
        var marker = Bodies.NewMetric("bad");
        var (request, status, reason) = Case(name, marker);

        var (actual, body, _) = await GatewayTestApp.PushAsync(_app.Http, request with { Bearer = GatewayTestApp.Token });

        Assert.True(actual == status, $"{name}: expected {status}, got {actual} {body}");
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.Equal(200, await _app.StatusOfAsync("/healthz"));
        var sentinel = Bodies.NewMetric("sentinel");
        var (ok, okBody, _) = await GatewayTestApp.PushAsync(_app.Http, new PushRequest(Bodies.Valid(1, sentinel)) { Bearer = GatewayTestApp.Token });
        Assert.True(ok == 204, $"sentinel: {ok} {okBody}");
        var records = await TopicRecords.ReadThroughAsync(kafka.BootstrapServers, Topic, sentinel);
        Assert.False(records.Carries(marker), $"{name}: the rejected series reached the topic");
    }

    [Fact]
    public async Task Valid_series_of_a_partly_bad_request_are_kept_and_the_answer_names_the_first_rejected()
    {
        var good = Bodies.NewMetric("good");
        var bad = Bodies.NewMetric("bad");
        var body = Bodies.Compress(
            Bodies.Series(["__name__", good, "job", "x"], 2),
            Bodies.Series(["__name__", bad, "job", "x", "instance", "y"], 3));
        var before = await RejectedAsync("labels_not_sorted");

        var (status, text, _) = await GatewayTestApp.PushAsync(_app.Http, new PushRequest(body) { Bearer = GatewayTestApp.Token });

        Assert.Equal(400, status);
        Assert.Contains("accepted 1 series, rejected 1 series (3 samples)", text, StringComparison.Ordinal);
        Assert.Contains($"labels are not sorted by name: 'instance' comes after 'job'; series: '{bad}{{job=\"x\", instance=\"y\"}}'", text, StringComparison.Ordinal);
        var records = await TopicRecords.ReadThroughAsync(kafka.BootstrapServers, Topic, good);
        Assert.False(records.Carries(bad), "the rejected series reached the topic");
        Assert.Equal(before + 3, await RejectedAsync("labels_not_sorted"));
        Assert.True(await _app.MetricAsync("mla_gateway_samples_total{tenant=\"tenant-t\",outcome=\"accepted\"}") >= 2);
    }

    private Task<double> RejectedAsync(string reason) =>
        _app.MetricAsync($"mla_gateway_samples_rejected_total{{tenant=\"tenant-t\",reason=\"{reason}\"}}");

    private static (PushRequest Request, int Status, string Reason) Case(string name, string marker)
    {
        var valid = Bodies.Valid(1, marker);
        var protobuf = Bodies.Encode(Bodies.Series(["__name__", marker, "job", "x"], 5));
        return name switch
        {
            "empty body" => (new PushRequest([]), 400, "the body is empty"),
            "uncompressed protobuf" => (new PushRequest(protobuf), 400, "snappy"),
            "truncated protobuf" => (new PushRequest(Snappy.CompressToArray(protobuf.AsSpan(0, protobuf.Length - 3))), 400, "not a valid remote write 1.0 WriteRequest"),
            "random bytes" => (new PushRequest(RandomBytes()), 400, "snappy"),
            "unsorted labels" => (new PushRequest(Bodies.WithLabels("__name__", marker, "job", "x", "instance", "y")), 400, "labels are not sorted"),
            "duplicate labels" => (new PushRequest(Bodies.WithLabels("__name__", marker, "job", "x", "job", "y")), 400, "label name 'job' appears more than once"),
            "too many labels" => (new PushRequest(Bodies.WithLabels(["__name__", marker, .. Enumerable.Range(0, 40).SelectMany(i => new[] { $"l{i:D2}", "v" })])), 400, "41 labels, more than the limit of 40"),
            "too long label name" => (new PushRequest(Bodies.WithLabels("__name__", marker, new string('n', 1025), "v")), 400, "longer than the limit of 1024 bytes"),
            "oversized body" => (new PushRequest(Oversized(marker)), 413, "larger than the limit of 65536 bytes"),
            "wrong content type" => (new PushRequest(valid) { ContentType = "application/json" }, 415, "Content-Type 'application/json' is not accepted"),
            "remote write 2.0" => (new PushRequest(valid) { ContentType = "application/x-protobuf;proto=io.prometheus.write.v2.Request" }, 415, "remote write 2.0"),
            "no content encoding" => (new PushRequest(valid) { ContentEncoding = null }, 415, "Content-Encoding"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    /// <summary>Random bytes after a small snappy length (a random length could as well claim gigabytes: that is 413).</summary>
    private static byte[] RandomBytes()
    {
        var bytes = new byte[512];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x7f;
        return bytes;
    }

    /// <summary>A valid request whose compressed body is over the limit (random label values do not compress).</summary>
    private static byte[] Oversized(string marker)
    {
        var random = new Random(7);
        var series = Enumerable.Range(0, 200)
            .Select(i => Bodies.Series(["__name__", marker, "id", Convert.ToHexString(Enumerable.Range(0, 300).Select(_ => (byte)random.Next(256)).ToArray()), "job", $"j{i}"], 1))
            .ToArray();
        var body = Bodies.Compress(series);
        Assert.True(body.Length > MaxBodyBytes, $"{body.Length} bytes");
        return body;
    }
}

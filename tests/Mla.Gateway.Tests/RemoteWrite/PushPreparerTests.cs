using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mla.Gateway.Limits;
using Mla.Gateway.RemoteWrite;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tests.Support;
using Mla.Gateway.Validation;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Tests.RemoteWrite;

public sealed class PushPreparerTests
{
    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly InFlightBudget _budget = new(1L << 30);

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void When_every_series_is_valid_the_record_is_the_original_body()
    {
        var body = Requests.Compress(Requests.Encode(Requests.Series("a", NowMs, 3), Requests.Series("b", NowMs, 2)));

        var prepared = Preparer().Prepare(body, Tenant());

        Assert.Null(prepared.Failure);
        var record = Assert.Single(prepared.Records);
        Assert.Same(body, record.Value);
        Assert.Equal(5, record.Samples);
        Assert.Equal((2, 0, 5), (prepared.AcceptedSeries, prepared.RejectedSeries, prepared.AcceptedSamples));
        Assert.Equal(0, _budget.Used);
    }

    [Fact]
    public void Rejected_series_are_left_out_and_metadata_is_kept()
    {
        var good = Requests.Series("good", NowMs, 2);
        var unsorted = (Requests.Labels("__name__", "bad", "z", "1", "a", "2"), new RemoteWriteSample[] { new(1, NowMs) });
        var tooOld = Requests.Series("old", NowMs - (2 * 3600 * 1000), 4);
        var series = Requests.Encode(good, unsorted, tooOld, Requests.Series("also_good", NowMs));
        var metadata = new RawMessage().Message(3, new RawMessage().Int64(1, 1).String(2, "good")).ToArray();
        var body = Requests.Compress([.. metadata, .. series]);

        var prepared = Preparer().Prepare(body, Tenant());

        var record = Assert.Single(prepared.Records);
        var kept = Snappier.Snappy.DecompressToArray(record.Value);
        Assert.Equal(["good", "also_good"], Requests.Decode(kept).Select(s => s.Labels[0].Value));
        Assert.Equal(3, record.Samples);
        Assert.Equal(metadata, kept[..metadata.Length]);
        Assert.Equal((2, 2, 3, 5), (prepared.AcceptedSeries, prepared.RejectedSeries, prepared.AcceptedSamples, prepared.RejectedSamples));
        Assert.Equal(
            [(RejectReason.LabelsNotSorted, 1), (RejectReason.SampleTooOld, 4)],
            prepared.RejectedByReason());
        Assert.StartsWith("labels are not sorted by name: 'a' comes after 'z'; series: 'bad{z=\"1\", a=\"2\"}'", prepared.FirstRejection, StringComparison.Ordinal);
    }

    [Fact]
    public void When_every_series_is_rejected_nothing_is_to_be_produced()
    {
        var body = Requests.Compress(Requests.Encode((Requests.Labels("job", "x"), [new(1, NowMs)])));

        var prepared = Preparer().Prepare(body, Tenant());

        Assert.Null(prepared.Failure);
        Assert.Empty(prepared.Records);
        Assert.Equal(1, prepared.RejectedSeries);
    }

    [Fact]
    public void A_body_larger_than_a_record_is_split_at_series_boundaries()
    {
        var series = Enumerable.Range(0, 400).Select(i => Requests.Series($"m{i}", NowMs, 20, instance: Guid.NewGuid().ToString())).ToArray();
        var request = Requests.Encode(series);
        var body = Requests.Compress(request);
        const int maxRecord = 16 * 1024;
        Assert.True(body.Length > maxRecord, $"the test body is only {body.Length} bytes");

        var prepared = Preparer(maxRecordBytes: maxRecord).Prepare(body, Tenant());

        Assert.Null(prepared.Failure);
        Assert.True(prepared.Records.Count > 1);
        Assert.All(prepared.Records, record => Assert.InRange(record.Value.Length, 1, maxRecord));
        var joined = prepared.Records.SelectMany(r => Snappier.Snappy.DecompressToArray(r.Value)).ToArray();
        Assert.Equal(request, joined);
        Assert.Equal(400 * 20, prepared.Records.Sum(r => r.Samples));
    }

    [Fact]
    public void A_series_that_alone_exceeds_a_record_refuses_the_request_with_413()
    {
        var random = new Random(7);
        var huge = (Requests.Labels("__name__", "huge"),
            Enumerable.Range(0, 3000).Select(i => new RemoteWriteSample(random.NextDouble(), NowMs - random.Next(100_000))).ToArray());
        var body = Requests.Compress(Requests.Encode(huge, Requests.Series("small", NowMs)));

        var prepared = Preparer(maxRecordBytes: 16 * 1024).Prepare(body, Tenant());

        Assert.Equal(413, prepared.Failure?.Status);
        Assert.Equal("series_too_large", prepared.Failure?.Reason);
    }

    [Fact]
    public void More_series_than_the_limit_refuse_the_whole_request()
    {
        var limits = TenantLimits.Resolve(new LimitsOptions(), new LimitsOverrideOptions { MaxSeriesPerRequest = 2 });
        var body = Requests.Compress(Requests.Encode(Requests.Series("a", NowMs), Requests.Series("b", NowMs), Requests.Series("c", NowMs)));

        var prepared = Preparer().Prepare(body, Tenant(limits));

        Assert.Equal(400, prepared.Failure?.Status);
        Assert.Equal("max_series_per_request", prepared.Failure?.Reason);
        Assert.Contains("3 series, more than the limit of 2", prepared.Failure?.Message, StringComparison.Ordinal);
        Assert.Equal(3, prepared.RejectedSamples);
    }

    public static TheoryData<string, byte[], int, string> BadBodies() => new()
    {
        { "random bytes", [0x05, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x11], 400, "invalid_snappy" },
        { "framed snappy", [0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59, 0x01], 400, "invalid_snappy" },
        { "snappy of a truncated protobuf", Requests.Compress([0x0a, 0x10, 0x0a, 0x03]), 400, "invalid_protobuf" },
        { "truncated snappy", Requests.Compress(Requests.Encode(Requests.Series("a", 1, 50)))[..20], 400, "invalid_snappy" },
        { "snappy header over the limit", [0x80, 0x80, 0x80, 0x40, 0x00], 413, "decompressed_too_large" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Bad_bodies_fail_with_a_status_and_a_reason(string _, byte[] body, int status, string reason)
    {
        var prepared = Preparer().Prepare(body, Tenant());

        Assert.Equal(status, prepared.Failure?.Status);
        Assert.Equal(reason, prepared.Failure?.Reason);
        Assert.Empty(prepared.Records);
        Assert.Equal(0, _budget.Used);
    }

    [Fact]
    public void A_decompressed_body_that_does_not_fit_the_in_flight_budget_gets_503()
    {
        var body = Requests.Compress(new byte[4096]);
        var budget = new InFlightBudget(1024);

        var prepared = new PushPreparer(Options(900_000), budget, _time).Prepare(body, Tenant());

        Assert.Equal(503, prepared.Failure?.Status);
        Assert.Equal(0, budget.Used);
    }

    private static IOptions<GatewayOptions> Options(int maxRecordBytes) =>
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions { MaxDecompressedBytes = 1024 * 1024, Kafka = { MaxRecordBytes = maxRecordBytes } });

    private static Tenant Tenant(TenantLimits? limits = null) =>
        new("t1", false, null, limits ?? TenantLimits.Resolve(new LimitsOptions(), null));

    private PushPreparer Preparer(int maxRecordBytes = 900_000) => new(Options(maxRecordBytes), _budget, _time);
}

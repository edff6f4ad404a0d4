using Mla.Gateway.Limits;
using Mla.Gateway.Tests.Support;
using Mla.Gateway.Validation;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Tests.Validation;

public sealed class SeriesValidatorTests
{
    private static readonly DateTimeOffset Now = TestTime.Now;
    private static readonly long NowMs = Now.ToUnixTimeMilliseconds();
    private static readonly TenantLimits Limits = TenantLimits.Resolve(new LimitsOptions(), null);

    public static TheoryData<string, RejectReason, string[]> BadLabels() => new()
    {
        { "no metric name", RejectReason.MissingMetricName, ["job", "x"] },
        { "metric name starts with a digit", RejectReason.InvalidMetricName, ["__name__", "1up"] },
        { "metric name with a dash", RejectReason.InvalidMetricName, ["__name__", "up-time"] },
        { "label name with a colon", RejectReason.InvalidLabelName, ["__name__", "up", "a:b", "x"] },
        { "label name starts with a digit", RejectReason.InvalidLabelName, ["0a", "x", "__name__", "up"] },
        { "empty label name", RejectReason.InvalidLabelName, ["", "x", "__name__", "up"] },
        { "empty label value", RejectReason.EmptyLabelValue, ["__name__", "up", "job", ""] },
        { "empty metric name", RejectReason.EmptyLabelValue, ["__name__", ""] },
        { "duplicate names", RejectReason.DuplicateLabelNames, ["__name__", "up", "job", "a", "job", "b"] },
        { "unsorted names", RejectReason.LabelsNotSorted, ["__name__", "up", "job", "a", "instance", "b"] },
        { "unsorted by bytes (upper case sorts first)", RejectReason.LabelsNotSorted, ["__name__", "up", "a", "1", "Z", "2"] },
        { "name over 1024 bytes", RejectReason.LabelNameTooLong, ["__name__", "up", new string('n', 1025), "x"] },
        { "value over 2048 bytes", RejectReason.LabelValueTooLong, ["__name__", "up", "job", new string('v', 2049)] },
    };

    [Fact]
    public void A_valid_series_is_accepted_with_its_samples_counted()
    {
        var check = CheckOne(Requests.Labels("__name__", "up", "colon_ok", "x", "job", "ünïcödé ✓"), Samples(3));

        Assert.True(check.IsAccepted, check.Reason.ToString());
        Assert.Equal(3, check.Samples);
    }

    [Fact]
    public void Label_name_and_value_at_their_limits_pass()
    {
        var check = CheckOne(Requests.Labels("__name__", "up", new string('n', 1024), new string('v', 2048)), Samples(1));

        Assert.True(check.IsAccepted, check.Reason.ToString());
    }

    [Theory]
    [MemberData(nameof(BadLabels))]
    public void A_label_rule_broken_rejects_the_series(string _, RejectReason expected, string[] labels)
    {
        var check = CheckOne(Requests.Labels(labels), Samples(2));

        Assert.Equal(expected, check.Reason);
        Assert.Equal(2, check.Samples);
    }

    [Fact]
    public void Forty_labels_pass_and_forty_one_do_not()
    {
        Assert.True(CheckOne(ManyLabels(40), Samples(1)).IsAccepted);
        var check = CheckOne(ManyLabels(41), Samples(1));
        Assert.Equal(RejectReason.TooManyLabelNames, check.Reason);
        Assert.Equal(40, check.LabelIndex);
    }

    [Fact]
    public void A_label_value_that_is_not_UTF8_is_rejected()
    {
        var request = Requests.WithSeries(new RawMessage()
            .Message(1, RawMessage.Label("__name__"u8.ToArray(), "up"u8.ToArray()))
            .Message(1, RawMessage.Label("job"u8.ToArray(), [0x66, 0xc3, 0x28]))
            .Message(2, RawMessage.Sample(1, NowMs)));

        Assert.Equal(RejectReason.InvalidLabelValue, Check(request).Reason);
    }

    [Fact]
    public void Samples_older_than_the_age_limit_or_too_far_ahead_reject_the_series()
    {
        var labels = Requests.Labels("__name__", "up");
        var oldest = NowMs - (long)Limits.MaxSampleAge.TotalMilliseconds;
        var latest = NowMs + (long)Limits.MaxSampleFutureSkew.TotalMilliseconds;

        Assert.True(CheckOne(labels, [new(1, oldest), new(1, latest)]).IsAccepted);
        var old = CheckOne(labels, [new(1, NowMs), new(1, oldest - 1)]);
        Assert.Equal(RejectReason.SampleTooOld, old.Reason);
        Assert.Equal(oldest - 1, old.Timestamp);
        Assert.Equal(RejectReason.SampleTooFarInFuture, CheckOne(labels, [new(1, latest + 1)]).Reason);
    }

    [Fact]
    public void Native_histograms_count_as_samples_and_their_timestamps_are_checked()
    {
        RawMessage Series(long histogramTimestamp) => new RawMessage()
            .Message(1, RawMessage.Label("__name__", "latency"))
            .Message(4, new RawMessage().Int64(1, 10).Int64(15, histogramTimestamp))
            .Message(4, new RawMessage().Int64(1, 11).Int64(15, NowMs));

        var ok = Check(Requests.WithSeries(Series(NowMs)));
        Assert.True(ok.IsAccepted);
        Assert.Equal(2, ok.Samples);
        Assert.Equal(RejectReason.SampleTooOld, Check(Requests.WithSeries(Series(0))).Reason);
    }

    [Fact]
    public void A_malformed_label_after_a_rejected_one_still_fails_the_request()
    {
        var request = Requests.WithSeries(new RawMessage()
            .Message(1, RawMessage.Label("__name__", "up"))
            .Message(1, RawMessage.Label("a", "")) // rejected: empty value
            .Message(1, new RawMessage().Raw(0x0a, 0x09, 0x01)));

        Assert.Throws<RemoteWriteFormatException>(() => Check(request));
    }

    [Fact]
    public void The_message_names_the_reason_and_the_series_truncated()
    {
        var labels = Requests.Labels("__name__", "up", "job", "a", "instance", "b", "zone", new string('z', 2000));
        var request = Requests.Encode((labels, Samples(1)));
        var reader = new WriteRequestReader(request);
        Assert.True(reader.TryReadTimeSeries(out var series));
        var check = SeriesValidator.Check(series, Limits, SampleWindow.At(Now, Limits.MaxSampleAge, Limits.MaxSampleFutureSkew));

        var message = RejectionMessage.Describe(series, check, Limits);

        Assert.StartsWith("labels are not sorted by name: 'instance' comes after 'job'; series: 'up{job=\"a\", instance=\"b\"", message, StringComparison.Ordinal);
        Assert.EndsWith("…(truncated)'", message, StringComparison.Ordinal);
        Assert.True(message.Length < 800, $"{message.Length} characters");
    }

    private static RemoteWriteSample[] Samples(int count) =>
        Enumerable.Range(0, count).Select(i => new RemoteWriteSample(i, NowMs - i)).ToArray();

    private static RemoteWriteLabel[] ManyLabels(int count) =>
        [new("__name__", "up"), .. Enumerable.Range(1, count - 1).Select(i => new RemoteWriteLabel($"l{i:D3}", "v"))];

    private static SeriesCheck CheckOne(RemoteWriteLabel[] labels, RemoteWriteSample[] samples) =>
        Check(Requests.Encode((labels, samples)));

    private static SeriesCheck Check(byte[] request)
    {
        var reader = new WriteRequestReader(request);
        Assert.True(reader.TryReadTimeSeries(out var series));
        return SeriesValidator.Check(series, Limits, SampleWindow.At(Now, Limits.MaxSampleAge, Limits.MaxSampleFutureSkew));
    }
}

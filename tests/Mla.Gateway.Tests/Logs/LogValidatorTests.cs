using Mla.Gateway.Limits;
using Mla.Gateway.Logs;
using Mla.Gateway.Tests.Support;
using Mla.Ingestion.Logs;

namespace Mla.Gateway.Tests.Logs;

public sealed class LogValidatorTests
{
    private static readonly TenantLimits Limits = TenantLimits.Resolve(new LimitsOptions(), null);
    private static readonly long NowNs = TestTime.Now.ToUnixTimeMilliseconds() * 1_000_000;

    public static TheoryData<string, string, string> BadStreams() => new()
    {
        { "{app=\"x\"", LogRejectReasons.InvalidLabels, "error parsing labels '{app=\"x\"' with error:" },
        { "{}", LogRejectReasons.MissingLabels, "at least one label pair is required per stream" },
        { "{app=\"\"}", LogRejectReasons.MissingLabels, "at least one label pair is required per stream" },
        { "{app=\"x\", app=\"y\"}", LogRejectReasons.DuplicateLabelNames, "has duplicate label name: 'app'" },
        { "{" + string.Join(", ", Enumerable.Range(0, 16).Select(i => $"l{i}=\"v\"")) + "}", LogRejectReasons.TooManyLabelNames, "has 16 label names; limit 15" },
        { "{" + new string('n', 1025) + "=\"v\"}", LogRejectReasons.LabelNameTooLong, "label name too long" },
        { "{app=\"" + new string('v', 2049) + "\"}", LogRejectReasons.LabelValueTooLong, "label value too long" },
    };

    [Theory]
    [MemberData(nameof(BadStreams))]
    public void A_bad_stream_is_rejected_whole_and_the_others_are_kept(string labels, string reason, string message)
    {
        var streams = new[] { Stream("{ok=\"1\"}", Entry(NowNs)), Stream(labels, Entry(NowNs), Entry(NowNs + 1)) };

        var result = LogValidator.Validate(streams, Limits, TestTime.Now);

        Assert.Equal((1, 2, 1), (result.AcceptedEntries, result.RejectedEntries, result.RejectedStreams));
        Assert.Equal("{ok=\"1\"}", Assert.Single(result.Accepted).Labels);
        Assert.Equal(2, result.RejectedByReason[reason]);
        Assert.Contains(message, result.FirstRejection, StringComparison.Ordinal);
        Assert.False(result.Unchanged);
    }

    [Theory]
    [InlineData("line too long", LogRejectReasons.LineTooLong, "max entry size '262144' bytes exceeded for stream '{app=\"x\"}'")]
    [InlineData("too old", LogRejectReasons.EntryTooOld, "entry for stream '{app=\"x\"}' has timestamp too old: 2026-11-18")]
    [InlineData("too new", LogRejectReasons.EntryTooFarInFuture, "has timestamp too new: 2026-11-25T12:11")]
    [InlineData("bad metadata name", LogRejectReasons.InvalidStructuredMetadata, "invalid structured metadata name 'trace-id'")]
    [InlineData("too much metadata", LogRejectReasons.StructuredMetadataTooLarge, "limit 128 pairs, 65536 bytes")]
    public void A_bad_entry_is_rejected_alone(string name, string reason, string message)
    {
        var bad = name switch
        {
            "line too long" => new LogEntry(NowNs, new string('x', (256 * 1024) + 1), LogEntry.NoMetadata),
            "too old" => Entry(NowNs - TimeSpan.FromDays(7).Ticks * 100 - 1_000_000),
            "too new" => Entry(NowNs + TimeSpan.FromMinutes(11).Ticks * 100),
            "bad metadata name" => new LogEntry(NowNs, "x", [new LogLabel("trace-id", "1")]),
            _ => new LogEntry(NowNs, "x", [new LogLabel("big", new string('m', 70_000))]),
        };

        var result = LogValidator.Validate([Stream("{app=\"x\"}", Entry(NowNs), bad, Entry(NowNs + 2))], Limits, TestTime.Now);

        Assert.Equal((2, 1, 0), (result.AcceptedEntries, result.RejectedEntries, result.RejectedStreams));
        Assert.Equal([NowNs, NowNs + 2], Assert.Single(result.Accepted).Entries.Select(e => e.TimestampNs));
        Assert.Equal(1, result.RejectedByReason[reason]);
        Assert.Contains(message, result.FirstRejection, StringComparison.Ordinal);
    }

    [Fact]
    public void The_oldest_and_newest_allowed_entries_pass_and_bytes_count_lines_and_metadata()
    {
        var oldest = NowNs - (TimeSpan.FromDays(7).Ticks * 100);
        var newest = NowNs + (TimeSpan.FromMinutes(10).Ticks * 100);
        var streams = new[] { Stream("{app=\"x\"}", Entry(oldest), new LogEntry(newest, "héllo", [new LogLabel("k", "vv")])) };

        var result = LogValidator.Validate(streams, Limits, TestTime.Now);

        Assert.Equal((2, 0), (result.AcceptedEntries, result.RejectedEntries));
        Assert.Equal(4 + 6 + 3, result.AcceptedBytes); // "line", "héllo" (6 bytes), "k" + "vv"
        Assert.True(result.Unchanged);
    }

    [Fact]
    public void Labels_become_canonical_and_a_changed_label_string_marks_the_request_changed()
    {
        var result = LogValidator.Validate([Stream("{b=\"2\",a=\"1\", empty=\"\"}", Entry(NowNs))], Limits, TestTime.Now);

        Assert.Equal("{a=\"1\", b=\"2\"}", Assert.Single(result.Accepted).Labels);
        Assert.False(result.Unchanged);
        Assert.Equal(0, result.RejectedEntries);
    }

    [Fact]
    public void A_tenant_override_applies()
    {
        var limits = TenantLimits.Resolve(new LimitsOptions(), new LimitsOverrideOptions { Logs = new LogLimitsOverrideOptions { MaxLineBytes = 3 } });

        var result = LogValidator.Validate([Stream("{app=\"x\"}", new LogEntry(NowNs, "abc", LogEntry.NoMetadata), new LogEntry(NowNs, "abcd", LogEntry.NoMetadata))], limits, TestTime.Now);

        Assert.Equal((1, 1), (result.AcceptedEntries, result.RejectedEntries));
    }

    private static LogStreamEntries Stream(string labels, params LogEntry[] entries) => new(labels, entries);

    private static LogEntry Entry(long ns) => new(ns, "line", LogEntry.NoMetadata);
}

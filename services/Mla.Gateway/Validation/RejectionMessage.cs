using System.Globalization;
using System.Text;
using Mla.Gateway.Limits;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Validation;

/// <summary>Says why a series was rejected and which it was (labels, truncated): built once per request, for the first one.</summary>
public static class RejectionMessage
{
    public const int MaxSeriesChars = 512;
    private const int MaxNameChars = 128;

    public static string Describe(in TimeSeriesView series, SeriesCheck check, TenantLimits limits) =>
        $"{Detail(series, check, limits)}; series: '{Format(series)}'";

    /// <summary>The series as <c>name{label="value", …}</c>, cut at <see cref="MaxSeriesChars"/> characters.</summary>
    public static string Format(in TimeSeriesView series)
    {
        var text = new StringBuilder();
        var first = true;
        foreach (var label in series.Labels)
        {
            if (label.Name.SequenceEqual(LabelSyntax.MetricNameLabel))
            {
                text.Insert(0, Text(label.Value, MaxSeriesChars));
                continue;
            }

            text.Append(first ? "{" : ", ").Append(Text(label.Name, MaxSeriesChars)).Append("=\"").Append(Text(label.Value, MaxSeriesChars)).Append('"');
            first = false;
            if (text.Length > MaxSeriesChars)
            {
                break;
            }
        }

        if (!first)
        {
            text.Append('}');
        }

        return text.Length > MaxSeriesChars ? string.Concat(text.ToString(0, MaxSeriesChars), "…(truncated)") : text.ToString();
    }

    private static string Detail(in TimeSeriesView series, SeriesCheck check, TenantLimits limits)
    {
        var (name, value, previous, count) = LabelAt(series, check.LabelIndex);
        return check.Reason switch
        {
            RejectReason.MissingMetricName => "the series has no __name__ label",
            RejectReason.InvalidMetricName => $"metric name '{value}' does not match [a-zA-Z_:][a-zA-Z0-9_:]*",
            RejectReason.InvalidLabelName when name.Length == 0 => "a label has an empty name",
            RejectReason.InvalidLabelName => $"label name '{name}' does not match [a-zA-Z_][a-zA-Z0-9_]*",
            RejectReason.EmptyLabelValue => $"label '{name}' has an empty value",
            RejectReason.InvalidLabelValue => $"the value of label '{name}' is not valid UTF-8",
            RejectReason.LabelNameTooLong => $"a label name is longer than the limit of {limits.MaxLabelNameLength} bytes: '{name}'",
            RejectReason.LabelValueTooLong => $"the value of label '{name}' is longer than the limit of {limits.MaxLabelValueLength} bytes",
            RejectReason.TooManyLabelNames => $"the series has {count} labels, more than the limit of {limits.MaxLabelNamesPerSeries}",
            RejectReason.DuplicateLabelNames => $"label name '{name}' appears more than once",
            RejectReason.LabelsNotSorted => $"labels are not sorted by name: '{name}' comes after '{previous}'",
            RejectReason.SampleTooOld => $"sample timestamp {Time(check.Timestamp)} is older than the limit of {limits.MaxSampleAge}",
            RejectReason.SampleTooFarInFuture => $"sample timestamp {Time(check.Timestamp)} is more than {limits.MaxSampleFutureSkew} in the future",
            _ => check.Reason.ToString(),
        };
    }

    private static (string Name, string Value, string Previous, int Count) LabelAt(in TimeSeriesView series, int index)
    {
        string name = "", value = "", previous = "";
        var count = 0;
        var lastName = ReadOnlySpan<byte>.Empty;
        foreach (var label in series.Labels)
        {
            if (count == index)
            {
                name = Text(label.Name, MaxNameChars);
                value = Text(label.Value, MaxNameChars);
                previous = Text(lastName, MaxNameChars);
            }

            lastName = label.Name;
            count++;
        }

        return (name, value, previous, count);
    }

    private static string Time(long unixMs) =>
        unixMs is >= -62135596800000 and <= 253402300799999
            ? $"{unixMs} ({DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)})"
            : unixMs.ToString(CultureInfo.InvariantCulture);

    /// <summary>UTF-8 bytes as text (invalid bytes become U+FFFD), control characters escaped, cut at <paramref name="max"/>.</summary>
    private static string Text(ReadOnlySpan<byte> utf8, int max)
    {
        var decoded = Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, max * 4)]);
        var text = new StringBuilder(Math.Min(decoded.Length, max + 16));
        foreach (var c in decoded)
        {
            if (text.Length >= max)
            {
                return text.Append('…').ToString();
            }

            _ = char.IsControl(c) ? text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : text.Append(c);
        }

        return text.ToString();
    }
}

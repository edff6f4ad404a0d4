using System.Text.Unicode;
using Mla.Gateway.Limits;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Validation;

/// <summary>
/// Checks one series against remote write 1.0 (https://prometheus.io/docs/specs/remote_write_spec/) and the tenant's limits, on the raw bytes and
/// without allocating. Every label, sample, histogram and exemplar is walked even after a rejection, so a malformed
/// byte anywhere in the request throws <see cref="RemoteWriteFormatException"/> and fails the whole request.
/// </summary>
public static class SeriesValidator
{
    public static SeriesCheck Check(in TimeSeriesView series, TenantLimits limits, SampleWindow window)
    {
        var (reason, labelIndex) = CheckLabels(series, limits);
        var samples = 0;
        long badTimestamp = 0;
        var enumerator = series.Samples;
        while (enumerator.MoveNext())
        {
            samples++;
            CheckTimestamp(enumerator.Current.TimestampMs, window, ref reason, ref badTimestamp);
        }

        if (enumerator.SawHistograms)
        {
            foreach (var timestamp in series.HistogramTimestamps)
            {
                samples++;
                CheckTimestamp(timestamp, window, ref reason, ref badTimestamp);
            }
        }

        if (enumerator.SawExemplars)
        {
            series.CountExemplars();
        }

        return new SeriesCheck(reason, samples, labelIndex, badTimestamp);
    }

    private static (RejectReason Reason, int LabelIndex) CheckLabels(in TimeSeriesView series, TenantLimits limits)
    {
        var reason = RejectReason.None;
        var index = -1;
        var rejectedIndex = -1;
        var hasMetricName = false;
        ReadOnlySpan<byte> previous = default;
        foreach (var label in series.Labels)
        {
            index++;
            if (reason != RejectReason.None)
            {
                continue; // keep walking: the structure of every label is checked
            }

            reason = CheckLabel(label, previous, index, limits, ref hasMetricName);
            if (reason != RejectReason.None)
            {
                rejectedIndex = index;
                continue;
            }

            previous = label.Name;
        }

        return reason != RejectReason.None ? (reason, rejectedIndex)
            : hasMetricName ? (RejectReason.None, -1)
            : (RejectReason.MissingMetricName, -1);
    }

    private static RejectReason CheckLabel(LabelView label, ReadOnlySpan<byte> previous, int index, TenantLimits limits, ref bool hasMetricName)
    {
        var name = label.Name;
        var value = label.Value;
        if (index >= limits.MaxLabelNamesPerSeries)
        {
            return RejectReason.TooManyLabelNames;
        }

        if (name.Length > limits.MaxLabelNameLength)
        {
            return RejectReason.LabelNameTooLong;
        }

        if (index > 0)
        {
            var order = name.SequenceCompareTo(previous);
            if (order == 0)
            {
                return RejectReason.DuplicateLabelNames;
            }

            if (order < 0)
            {
                return RejectReason.LabelsNotSorted;
            }
        }

        var isMetricName = name.SequenceEqual(LabelSyntax.MetricNameLabel);
        if (!isMetricName && !LabelSyntax.IsLabelName(name))
        {
            return RejectReason.InvalidLabelName;
        }

        if (value.IsEmpty)
        {
            return RejectReason.EmptyLabelValue;
        }

        if (value.Length > limits.MaxLabelValueLength)
        {
            return RejectReason.LabelValueTooLong;
        }

        if (isMetricName)
        {
            hasMetricName = true;
            return LabelSyntax.IsMetricName(value) ? RejectReason.None : RejectReason.InvalidMetricName;
        }

        return Utf8.IsValid(value) ? RejectReason.None : RejectReason.InvalidLabelValue;
    }

    private static void CheckTimestamp(long timestamp, SampleWindow window, ref RejectReason reason, ref long badTimestamp)
    {
        if (reason != RejectReason.None)
        {
            return;
        }

        if (timestamp < window.MinTimestampMs)
        {
            reason = RejectReason.SampleTooOld;
            badTimestamp = timestamp;
        }
        else if (timestamp > window.MaxTimestampMs)
        {
            reason = RejectReason.SampleTooFarInFuture;
            badTimestamp = timestamp;
        }
    }
}

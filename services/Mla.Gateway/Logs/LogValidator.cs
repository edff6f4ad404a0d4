using System.Globalization;
using System.Text;
using Mla.Gateway.Limits;
using Mla.Ingestion.Logs;

namespace Mla.Gateway.Logs;

/// <summary>
/// Loki's validation with the tenant's limits: a stream's labels must parse, hold at least one pair, no name twice,
/// at most <c>MaxLabelNamesPerStream</c> names, names and values within their lengths (a bad stream is rejected
/// whole); an entry's line must fit <c>MaxLineBytes</c>, its time must lie within <c>MaxEntryAge</c> before and
/// <c>MaxEntryFutureSkew</c> after now, its structured metadata must have valid names and fit its limits (a bad
/// entry is rejected alone). Labels with an empty value are dropped, as Prometheus does.
/// </summary>
public static class LogValidator
{
    private const int MaxQuotedChars = 256;

    public static ValidatedLogs Validate(IReadOnlyList<LogStreamEntries> streams, TenantLimits limits, DateTimeOffset now)
    {
        var logs = limits.Logs;
        var nowNs = now.ToUnixTimeMilliseconds() * 1_000_000;
        var oldest = nowNs - (long)(logs.MaxEntryAge.TotalMilliseconds * 1_000_000);
        var newest = nowNs + (long)(logs.MaxEntryFutureSkew.TotalMilliseconds * 1_000_000);
        var result = new ValidatedLogs();
        foreach (var stream in streams)
        {
            if (stream.Entries.Count == 0)
            {
                continue;
            }

            var (labels, reason, message) = CheckLabels(stream.Labels, limits);
            if (labels is null)
            {
                result.RejectedStreams++;
                result.Reject(reason!, stream.Entries.Count, message!);
                continue;
            }

            if (!string.Equals(labels, stream.Labels, StringComparison.Ordinal))
            {
                result.Unchanged = false;
            }

            List<LogEntry>? accepted = null;
            for (var i = 0; i < stream.Entries.Count; i++)
            {
                var entry = stream.Entries[i];
                var (entryReason, entryMessage, bytes) = CheckEntry(entry, labels, logs, oldest, newest);
                if (entryReason is not null)
                {
                    result.Reject(entryReason, 1, entryMessage!);
                    accepted ??= [.. stream.Entries.Take(i)];
                    continue;
                }

                accepted?.Add(entry);
                result.AcceptedEntries++;
                result.AcceptedBytes += bytes;
            }

            var kept = accepted ?? stream.Entries;
            if (kept.Count > 0)
            {
                result.Accepted.Add(new LogStreamEntries(labels, kept));
            }
        }

        return result;
    }

    private static (string? Labels, string? Reason, string? Message) CheckLabels(string text, TenantLimits limits)
    {
        if (!LabelSetSyntax.TryParse(text, out var parsed, out var error))
        {
            return (null, LogRejectReasons.InvalidLabels, $"error parsing labels '{Quote(text)}' with error: {error}");
        }

        parsed.RemoveAll(l => l.Value.Length == 0);
        if (parsed.Count == 0)
        {
            return (null, LogRejectReasons.MissingLabels, $"error at least one label pair is required per stream (stream '{Quote(text)}')");
        }

        var canonical = LabelSetSyntax.Format(parsed);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in parsed)
        {
            if (!names.Add(label.Name))
            {
                return (null, LogRejectReasons.DuplicateLabelNames, $"stream '{Quote(canonical)}' has duplicate label name: '{label.Name}'");
            }

            if (Encoding.UTF8.GetByteCount(label.Name) > limits.MaxLabelNameLength)
            {
                return (null, LogRejectReasons.LabelNameTooLong, $"stream '{Quote(canonical)}' has label name too long: '{Quote(label.Name)}' (limit {limits.MaxLabelNameLength} bytes)");
            }

            if (Encoding.UTF8.GetByteCount(label.Value) > limits.MaxLabelValueLength)
            {
                return (null, LogRejectReasons.LabelValueTooLong, $"stream '{Quote(canonical)}' has label value too long: '{Quote(label.Value)}' (limit {limits.MaxLabelValueLength} bytes)");
            }
        }

        if (parsed.Count > limits.Logs.MaxLabelNamesPerStream)
        {
            return (null, LogRejectReasons.TooManyLabelNames, $"entry for stream '{Quote(canonical)}' has {parsed.Count} label names; limit {limits.Logs.MaxLabelNamesPerStream}");
        }

        return (canonical, null, null);
    }

    private static (string? Reason, string? Message, long Bytes) CheckEntry(LogEntry entry, string labels, TenantLogLimits limits, long oldest, long newest)
    {
        var lineBytes = Encoding.UTF8.GetByteCount(entry.Line);
        if (lineBytes > limits.MaxLineBytes)
        {
            return (LogRejectReasons.LineTooLong, $"max entry size '{limits.MaxLineBytes}' bytes exceeded for stream '{Quote(labels)}' while adding an entry with length '{lineBytes}' bytes", 0);
        }

        if (entry.TimestampNs < oldest)
        {
            return (LogRejectReasons.EntryTooOld, $"entry for stream '{Quote(labels)}' has timestamp too old: {Time(entry.TimestampNs)}, oldest acceptable timestamp is: {Time(oldest)}", 0);
        }

        if (entry.TimestampNs > newest)
        {
            return (LogRejectReasons.EntryTooFarInFuture, $"entry for stream '{Quote(labels)}' has timestamp too new: {Time(entry.TimestampNs)}, newest acceptable timestamp is: {Time(newest)}", 0);
        }

        long metadataBytes = 0;
        foreach (var pair in entry.Metadata)
        {
            if (!LabelSetSyntax.IsValidName(pair.Name))
            {
                return (LogRejectReasons.InvalidStructuredMetadata, $"entry for stream '{Quote(labels)}' has invalid structured metadata name '{Quote(pair.Name)}'", 0);
            }

            metadataBytes += Encoding.UTF8.GetByteCount(pair.Name) + Encoding.UTF8.GetByteCount(pair.Value);
        }

        if (entry.Metadata.Count > limits.MaxStructuredMetadataEntries || metadataBytes > limits.MaxStructuredMetadataBytes)
        {
            return (LogRejectReasons.StructuredMetadataTooLarge,
                $"entry for stream '{Quote(labels)}' has {entry.Metadata.Count} structured metadata pairs of {metadataBytes} bytes; limit {limits.MaxStructuredMetadataEntries} pairs, {limits.MaxStructuredMetadataBytes} bytes", 0);
        }

        return (null, null, lineBytes + metadataBytes);
    }

    private static string Time(long unixNs)
    {
        var ms = unixNs / 1_000_000;
        return ms is >= -62135596800000 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)
            : unixNs.ToString(CultureInfo.InvariantCulture) + " ns";
    }

    /// <summary>Text for a message: control characters escaped, cut at <see cref="MaxQuotedChars"/>.</summary>
    private static string Quote(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxQuotedChars + 16));
        foreach (var c in text)
        {
            if (builder.Length >= MaxQuotedChars)
            {
                return builder.Append("…(truncated)").ToString();
            }

            _ = char.IsControl(c) ? builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : builder.Append(c);
        }

        return builder.ToString();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Mla.Ingestion.Logs;
using Mla.Ingestion.RemoteWrite;
using Mla.Writer.Configuration;
using Mla.Writer.Metrics;
using Snappier;

namespace Mla.Writer.Sinks;

/// <summary>
/// Sink type <c>file</c>: a tenant's log lines as JSON lines in <c>&lt;Directory&gt;/&lt;tenant&gt;/current.jsonl</c>,
/// one object per entry (<c>ts</c> RFC 3339 with nanoseconds, <c>ts_ns</c>, <c>labels</c>, <c>line</c>, and
/// <c>metadata</c> when the entry has structured metadata). A batch is appended and synced to disk (fsync) before
/// Send answers, so before the consume loop commits its offsets. The current file is rotated to
/// <c>logs-&lt;UTC time&gt;.jsonl</c> by size or age; the oldest rotated files are deleted while a tenant holds more
/// than <c>RetainBytesPerTenant</c>.
/// </summary>
public sealed class FileSinkClient(string name, SinkOptions options, WriterMetrics metrics, TimeProvider time) : ISinkClient
{
    public const string CurrentFileName = "current.jsonl";
    private const string RotatedPrefix = "logs-";

    private readonly string _root = Path.GetFullPath(options.Directory);
    private readonly ConcurrentDictionary<string, Lock> _tenantLocks = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    /// <summary>A tenant's directory, or null when the id could escape the root (never written).</summary>
    public string? TenantDirectory(string tenant) =>
        tenant.Length is > 0 and <= 253 && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && tenant is not ("." or "..")
            ? Path.Combine(_root, tenant)
            : null;

    public SinkResponse Send(string tenant, byte[] body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (TenantDirectory(tenant) is not { } directory)
        {
            return new SinkResponse(SinkOutcome.Rejected, 400, $"tenant id '{ReasonText.Truncate(tenant)}' cannot name a directory");
        }

        List<LogStreamEntries> streams;
        try
        {
            streams = PushRequestReader.Read(Snappy.DecompressToArray(body));
        }
        catch (Exception ex) when (ex is RemoteWriteFormatException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            return new SinkResponse(SinkOutcome.Rejected, 400, ReasonText.Truncate($"not a snappy Loki PushRequest: {ex.Message}"));
        }

        var started = time.GetTimestamp();
        try
        {
            lock (_tenantLocks.GetOrAdd(tenant, _ => new Lock()))
            {
                System.IO.Directory.CreateDirectory(directory);
                RotateIfDue(directory);
                var path = Path.Combine(directory, CurrentFileName);
                using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024))
                {
                    WriteLines(file, streams);
                    file.Flush(flushToDisk: true);
                }

                EnforceRetention(directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            metrics.SinkRequestDuration.WithLabels(Name, "error").Observe(time.GetElapsedTime(started).TotalSeconds);
            return new SinkResponse(SinkOutcome.Retryable, 0, ReasonText.Truncate($"writing under {directory}: {ex.Message}"));
        }

        metrics.SinkRequestDuration.WithLabels(Name, "accepted").Observe(time.GetElapsedTime(started).TotalSeconds);
        return SinkResponse.Accepted(204);
    }

    /// <summary>Deletes a tenant's files (purge); true when nothing of it is left.</summary>
    public bool Purge(string tenant)
    {
        if (TenantDirectory(tenant) is not { } directory)
        {
            return true;
        }

        lock (_tenantLocks.GetOrAdd(tenant, _ => new Lock()))
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }

            return !System.IO.Directory.Exists(directory);
        }
    }

    private static void WriteLines(Stream file, List<LogStreamEntries> streams)
    {
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { SkipValidation = true });
        foreach (var stream in streams)
        {
            // The gateway validated the labels; a record from elsewhere keeps its label string as it is.
            var labels = LabelSetSyntax.TryParse(stream.Labels, out var parsed, out _) ? parsed : [new LogLabel("__labels__", stream.Labels)];
            foreach (var entry in stream.Entries)
            {
                json.WriteStartObject();
                json.WriteString("ts", Rfc3339(entry.TimestampNs));
                json.WriteString("ts_ns", entry.TimestampNs.ToString(CultureInfo.InvariantCulture));
                json.WriteStartObject("labels");
                foreach (var label in labels)
                {
                    json.WriteString(label.Name, label.Value);
                }

                json.WriteEndObject();
                json.WriteString("line", entry.Line);
                if (entry.Metadata.Count > 0)
                {
                    json.WriteStartObject("metadata");
                    foreach (var pair in entry.Metadata)
                    {
                        json.WriteString(pair.Name, pair.Value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.Flush();
                file.WriteByte((byte)'\n');
                json.Reset(); // each line is a JSON document of its own, without a separating comma
            }
        }
    }

    private static string Rfc3339(long unixNs)
    {
        var seconds = Math.DivRem(unixNs, 1_000_000_000, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000;
        }

        return seconds is >= -62135596800 and <= 253402300799
            ? string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.FromUnixTimeSeconds(seconds):yyyy-MM-ddTHH:mm:ss}.{nanos:000000000}Z")
            : unixNs.ToString(CultureInfo.InvariantCulture);
    }

    private void RotateIfDue(string directory)
    {
        var current = new FileInfo(Path.Combine(directory, CurrentFileName));
        if (!current.Exists || current.Length == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (current.Length < options.RotateBytes && now - current.CreationTimeUtc < options.RotateAge)
        {
            return;
        }

        var rotated = Path.Combine(directory, $"{RotatedPrefix}{now.UtcDateTime:yyyyMMdd'T'HHmmss.fffffff'Z'}.jsonl");
        for (var n = 1; File.Exists(rotated); n++)
        {
            rotated = Path.Combine(directory, $"{RotatedPrefix}{now.UtcDateTime:yyyyMMdd'T'HHmmss.fffffff'Z'}-{n}.jsonl");
        }

        current.MoveTo(rotated);
    }

    private void EnforceRetention(string directory)
    {
        var files = new DirectoryInfo(directory).GetFiles("*.jsonl");
        var total = files.Sum(f => f.Length);
        foreach (var old in files.Where(f => f.Name.StartsWith(RotatedPrefix, StringComparison.Ordinal)).OrderBy(f => f.CreationTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            if (total <= options.RetainBytesPerTenant)
            {
                break;
            }

            total -= old.Length;
            old.Delete();
        }
    }
}

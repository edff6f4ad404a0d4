using System.ComponentModel.DataAnnotations;

namespace Mla.Gateway.Limits;

/// <summary>
/// Section <c>Mla:Gateway:DefaultLimits:Logs</c>: the logs limits of a tenant without its own value. The defaults
/// are Loki's (ingestion 4 MiB/s, burst 6 MiB, lines up to 256 KiB, 15 label names, entries up to a week old and
/// 10 minutes ahead, structured metadata up to 64 KiB and 128 pairs per entry).
/// </summary>
public sealed class LogLimitsOptions
{
    /// <summary>Sustained bytes per second (lines and structured metadata) per tenant.</summary>
    [Range(1.0, 1e12)]
    public double IngestionRateBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Bytes a tenant may send at once above the rate; also the largest request that can pass.</summary>
    [Range(1, int.MaxValue)]
    public int IngestionBurstBytes { get; set; } = 6 * 1024 * 1024;

    /// <summary>Longest line in UTF-8 bytes; a longer one rejects its entry.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 256 * 1024;

    [Range(1, 10_000)]
    public int MaxLabelNamesPerStream { get; set; } = 15;

    /// <summary>Entries older than this (against the gateway's clock) are rejected.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan MaxEntryAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Entries further in the future than this are rejected.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxEntryFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Structured metadata of one entry, names and values in UTF-8 bytes.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxStructuredMetadataBytes { get; set; } = 64 * 1024;

    [Range(0, 10_000)]
    public int MaxStructuredMetadataEntries { get; set; } = 128;
}

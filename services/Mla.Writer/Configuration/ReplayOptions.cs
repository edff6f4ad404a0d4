using System.ComponentModel.DataAnnotations;

namespace Mla.Writer.Configuration;

/// <summary>Section <c>Mla:Writer:Replay</c>.</summary>
public sealed class ReplayOptions
{
    /// <summary>How often a running replay logs its progress.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A partition is finished once a record is later than <c>to</c> by this much (record timestamps are the
    /// producers' clocks and not strictly ordered), or once it reaches the end offset captured at the start.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TimestampSlack { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Timeout of the metadata and offset look-ups at the start of a replay.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Replays running at once; one more is refused (429) until one finishes, and a tenant has at most one (409).</summary>
    [Range(1, 100)]
    public int MaxRunning { get; set; } = 2;

    /// <summary>How many finished replays <c>GET /api/v1/replay/{id}</c> still knows.</summary>
    [Range(1, 10_000)]
    public int KeepFinished { get; set; } = 50;
}

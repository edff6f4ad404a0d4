using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;

namespace Mla.Gateway.Limits;

/// <summary>Section <c>Mla:Gateway:DefaultLimits</c>: the limits of a tenant without its own value.</summary>
public sealed class LimitsOptions
{
    /// <summary>Sustained samples per second (float samples and native histograms) per tenant.</summary>
    [Range(0.001, 1e9)]
    public double IngestionRate { get; set; } = 50_000;

    /// <summary>Samples a tenant may send at once above the rate (token bucket size); also the largest request.</summary>
    [Range(1, int.MaxValue)]
    public int IngestionBurstSize { get; set; } = 500_000;

    [Range(1, 10_000_000)]
    public int MaxSeriesPerRequest { get; set; } = 20_000;

    [Range(1, 10_000)]
    public int MaxLabelNamesPerSeries { get; set; } = 40;

    /// <summary>In UTF-8 bytes.</summary>
    [Range(1, 1024 * 1024)]
    public int MaxLabelNameLength { get; set; } = 1024;

    /// <summary>In UTF-8 bytes.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxLabelValueLength { get; set; } = 2048;

    /// <summary>Samples older than this (against the gateway's clock) reject their series.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan MaxSampleAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Samples further in the future than this reject their series.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxSampleFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Section <c>Logs</c>: the Loki push path's limits.</summary>
    [ValidateNested]
    public LogLimitsOptions Logs { get; set; } = new();
}

using System.ComponentModel.DataAnnotations;
using Mla.Hosting.Options;

namespace Mla.Gateway.Limits;

/// <summary><c>Mla:Gateway:Tenants:&lt;id&gt;:Limits</c>: a tenant's own limits; an absent key takes the default.</summary>
public sealed class LimitsOverrideOptions
{
    [Range(0.001, 1e9)]
    public double? IngestionRate { get; set; }

    [Range(1, int.MaxValue)]
    public int? IngestionBurstSize { get; set; }

    [Range(1, 10_000_000)]
    public int? MaxSeriesPerRequest { get; set; }

    [Range(1, 10_000)]
    public int? MaxLabelNamesPerSeries { get; set; }

    [Range(1, 1024 * 1024)]
    public int? MaxLabelNameLength { get; set; }

    [Range(1, 16 * 1024 * 1024)]
    public int? MaxLabelValueLength { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan? MaxSampleAge { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan? MaxSampleFutureSkew { get; set; }

    [ValidateNested]
    public LogLimitsOverrideOptions Logs { get; set; } = new();

    /// <summary>Section <c>Reads</c>: the read path's limits (queries per second and burst, series and samples per query).</summary>
    [ValidateNested]
    public ReadLimitsOverrideOptions Reads { get; set; } = new();
}

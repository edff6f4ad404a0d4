using System.ComponentModel.DataAnnotations;

namespace Mla.Gateway.Limits;

/// <summary><c>Mla:Gateway:Tenants:&lt;id&gt;:Limits:Logs</c>: a tenant's own logs limits; an absent key takes the default.</summary>
public sealed class LogLimitsOverrideOptions
{
    [Range(1.0, 1e12)]
    public double? IngestionRateBytes { get; set; }

    [Range(1, int.MaxValue)]
    public int? IngestionBurstBytes { get; set; }

    [Range(1, 64 * 1024 * 1024)]
    public int? MaxLineBytes { get; set; }

    [Range(1, 10_000)]
    public int? MaxLabelNamesPerStream { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan? MaxEntryAge { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan? MaxEntryFutureSkew { get; set; }

    [Range(0, 16 * 1024 * 1024)]
    public int? MaxStructuredMetadataBytes { get; set; }

    [Range(0, 10_000)]
    public int? MaxStructuredMetadataEntries { get; set; }
}

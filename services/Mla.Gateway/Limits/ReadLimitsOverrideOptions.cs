using System.ComponentModel.DataAnnotations;

namespace Mla.Gateway.Limits;

/// <summary><c>Mla:Gateway:Tenants:&lt;id&gt;:Limits:Reads</c>: a tenant's own read-path limits; an absent key takes <c>Mla:Gateway:ReadPath</c>'s.</summary>
public sealed class ReadLimitsOverrideOptions
{
    [Range(0.01, 1_000_000)]
    public double? QueriesPerSecond { get; set; }

    [Range(1, 1_000_000)]
    public int? QueryBurst { get; set; }

    [Range(1, 100_000_000)]
    public int? MaxSeriesPerQuery { get; set; }

    [Range(1, long.MaxValue)]
    public long? MaxSamplesPerQuery { get; set; }
}

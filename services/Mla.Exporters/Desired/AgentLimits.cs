using Mla.Contracts.Tenants;

namespace Mla.Exporters.Desired;

/// <summary>
/// The tenant's limits pushed down into its agents, so that an over-limit cluster keeps its excess in its own buffer
/// instead of being answered 429 by the seed. Null: no cap. See the README's table for how each maps to each agent.
/// </summary>
/// <param name="MaxSeries">The tenant's series cap (MaxSeriesTotal): vmagent's <c>-remoteWrite.maxHourlySeries</c>.</param>
/// <param name="SampleLimitPerScrape">Per scrape: no single target may bring more series than the tenant may hold (<c>sample_limit</c>).</param>
/// <param name="SamplesPerSecond">The tenant's ingestion rate (samples/s).</param>
/// <param name="SendBytesPerSecond">The send-rate cap of vmagent (<c>-remoteWrite.rateLimit</c>, bytes/s): samples/s × bytes per sample.</param>
/// <param name="LogBytesPerSecond">The tenant's log ingestion rate in bytes/s (its MB/s × 1 MiB).</param>
public sealed record AgentLimits(long? MaxSeries, long? SampleLimitPerScrape, long? SamplesPerSecond, long? SendBytesPerSecond, long? LogBytesPerSecond)
{
    public static AgentLimits None { get; } = new(null, null, null, null, null);

    /// <summary>Derives the agent caps from the tenant's resolved limits; <paramref name="bytesPerSample"/> is the remote-write size of one sample.</summary>
    public static AgentLimits From(TenantLimits limits, int bytesPerSample)
    {
        var monitoring = limits.Monitoring;
        var series = Positive(monitoring.MaxSeriesTotal);
        var rate = Positive(monitoring.IngestionRate);
        var logs = Positive(limits.Logging.IngestionRate);
        return new AgentLimits(
            series,
            series,
            rate,
            rate is { } r ? checked(r * bytesPerSample) : null,
            logs is { } l ? checked(l * 1024 * 1024) : null);
    }

    private static long? Positive(long? value) => value is > 0 ? value : null;
}

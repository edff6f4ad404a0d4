using Prometheus;

namespace Mla.Gateway.ReadPath;

/// <summary>The read path's series on <c>/metrics</c>.</summary>
public sealed class ReadPathMetrics(IMetricFactory factory)
{
    public Counter QueriesRefused { get; } = factory.CreateCounter(
        "mla_gateway_read_queries_refused_total",
        "Reads refused by a per-query limit, by limit (series, samples) and how: refused (422 before any byte) or cut (connection aborted mid-answer).",
        ["limit", "how"]);
}

using Mla.Writer.Metrics;

namespace Mla.Writer.Tests.Fakes;

internal static class TestMetrics
{
    public static WriterMetrics Create() => new(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
}

using System.Text.Json.Serialization;

namespace Mla.Exporters.Desired;

/// <summary>The metrics agent in every cluster: vmagent (default) or Prometheus in agent mode.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricsAgentKind>))]
public enum MetricsAgentKind
{
    VmAgent,
    PrometheusAgent,
}

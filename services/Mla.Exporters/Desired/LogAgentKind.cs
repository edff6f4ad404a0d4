using System.Text.Json.Serialization;

namespace Mla.Exporters.Desired;

/// <summary>The log agent in every cluster: Fluent Bit (default) or Grafana Alloy.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LogAgentKind>))]
public enum LogAgentKind
{
    FluentBit,
    Alloy,
}

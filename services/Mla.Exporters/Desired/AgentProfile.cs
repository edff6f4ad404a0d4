using System.Text.Json.Serialization;

namespace Mla.Exporters.Desired;

/// <summary>How big the agents of a cluster are: <c>standard</c> (PVC-backed buffer) or <c>edge</c> (small, emptyDir buffer).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentProfile>))]
public enum AgentProfile
{
    Standard,
    Edge,
}

using System.Text.Json.Serialization;

namespace Mla.Contracts.Agents;

/// <summary>The health of the agents of one user cluster, from their workloads' status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentStatus>))]
public enum AgentStatus
{
    /// <summary>Nothing applied yet (waiting for the tenant, its credentials, or the first pass).</summary>
    Pending,

    /// <summary>Applied; some workload has not observed its generation or is not fully updated and ready yet.</summary>
    Progressing,

    Healthy,

    /// <summary>A workload stays unavailable; the reason says which.</summary>
    Degraded,

    /// <summary>The cluster's API could not be reached (or no kubeconfig); the reason says why.</summary>
    Unreachable,

    /// <summary>MLA is off for the cluster or it was deleted: its agents were removed.</summary>
    Removed,
}

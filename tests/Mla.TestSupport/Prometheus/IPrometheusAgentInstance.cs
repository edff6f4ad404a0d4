using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Prometheus;

/// <summary>A running agent: the local package or a container.</summary>
internal interface IPrometheusAgentInstance : IServerInstance
{
    Uri BaseUri { get; }
}

namespace Mla.TestSupport.Prometheus;

/// <summary>A running agent: the local package or a container.</summary>
internal interface IPrometheusAgentInstance : IAsyncDisposable
{
    Uri BaseUri { get; }

    string Description { get; }

    IReadOnlyCollection<int> ProcessIds { get; }

    string? InstancePath { get; }
}

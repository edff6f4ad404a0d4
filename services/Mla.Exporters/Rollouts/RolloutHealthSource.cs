using Microsoft.Extensions.Options;
using Mla.Exporters.Export;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// Whether a rollout can wait for the agents' health: in live mode the clusters report it; in render mode only a
/// health source that sees the rendered agents does (the embedded default's demo agents), else nothing ever says Healthy.
/// </summary>
public sealed class RolloutHealthSource(IOptions<ExportersOptions> options, IRenderedAgentHealth rendered)
{
    public bool Available => options.Value.Mode == ExportMode.Live || rendered.ObservesAgents;
}

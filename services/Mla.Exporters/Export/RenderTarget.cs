using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mla.Contracts.Agents;
using Mla.Exporters.Rendering;

namespace Mla.Exporters.Export;

/// <summary>
/// Render mode: the objects go to files for GitOps. The service cannot see the clusters, so their status is
/// <c>Pending</c> ("rendered") unless a health source reports the rendered agents running (the embedded default does).
/// </summary>
internal sealed class RenderTarget(IOptions<ExportersOptions> options, IRenderedAgentHealth health, ILogger<RenderTarget> logger) : IAgentTarget
{
    private readonly ManifestRenderer _renderer = new(options.Value.RenderDirectory ?? "rendered");

    public ManifestRenderer Renderer => _renderer;

    public Task<ClusterFacts> InspectAsync(string seed, string clusterId, CancellationToken cancellationToken) => Task.FromResult(ClusterFacts.None);

    public Task<ExportOutcome> ApplyAsync(string seed, string clusterId, IReadOnlyList<JsonObject> objects, CancellationToken cancellationToken)
    {
        var rendered = _renderer.Render(seed, clusterId, objects);
        if (rendered.Changed)
        {
            logger.LogInformation(
                "Cluster {Cluster} of seed {Seed}: rendered {Written} file(s), removed {Removed} under {Directory}",
                clusterId, seed, rendered.Written.Count, rendered.Removed.Count, rendered.Directory);
        }

        var (status, reason) = health.StatusOf(clusterId) ?? (AgentStatus.Pending, $"rendered to {rendered.Directory}; applied by GitOps");
        return Task.FromResult(new ExportOutcome(status, reason, rendered.Written.Count + rendered.Removed.Count));
    }

    public Task<ExportOutcome> RemoveAsync(string seed, string clusterId, CancellationToken cancellationToken)
    {
        var removed = _renderer.Remove(seed, clusterId);
        if (removed.Changed)
        {
            logger.LogInformation("Cluster {Cluster} of seed {Seed}: its folder {Directory} was removed", clusterId, seed, removed.Directory);
        }

        return Task.FromResult(new ExportOutcome(AgentStatus.Removed, null, removed.Removed.Count));
    }

    public void Prune(IReadOnlySet<(string Seed, string ClusterId)> keep)
    {
        foreach (var (seed, cluster) in _renderer.Prune(keep))
        {
            logger.LogInformation("Cluster {Cluster} of seed {Seed}: no longer desired, its folder was removed", cluster, seed);
        }
    }
}

using System.Text.Json.Nodes;

namespace Mla.Exporters.Export;

/// <summary>Where a cluster's desired objects go: files (render mode) or the cluster's API (live mode).</summary>
public interface IAgentTarget
{
    /// <summary>What the cluster already runs that changes its desired state.</summary>
    /// <exception cref="ClusterUnreachableException">The cluster's API did not answer.</exception>
    Task<ClusterFacts> InspectAsync(string seed, string clusterId, CancellationToken cancellationToken);

    /// <summary>Makes the cluster hold exactly <paramref name="objects"/> of MLA's (writes only what differs, prunes the rest).</summary>
    /// <exception cref="ClusterUnreachableException">The cluster's API did not answer.</exception>
    Task<ExportOutcome> ApplyAsync(string seed, string clusterId, IReadOnlyList<JsonObject> objects, CancellationToken cancellationToken);

    /// <summary>Removes everything of MLA's from the cluster and checks that it is gone.</summary>
    /// <exception cref="ClusterUnreachableException">The cluster's API did not answer.</exception>
    Task<ExportOutcome> RemoveAsync(string seed, string clusterId, CancellationToken cancellationToken);

    /// <summary>Render mode only: removes the folders of clusters not in <paramref name="keep"/>.</summary>
    void Prune(IReadOnlySet<(string Seed, string ClusterId)> keep);
}

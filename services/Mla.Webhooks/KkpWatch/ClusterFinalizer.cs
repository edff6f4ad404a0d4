using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// MLA's finalizer on KKP Cluster objects. Every change is a JSON merge patch carrying the finalizer list and the
/// <c>metadata.resourceVersion</c> it was computed from (an optimistic lock: another writer in between → 409, the
/// cluster is read again and the change recomputed), so MLA never drops a finalizer someone else added meanwhile.
/// </summary>
public sealed class ClusterFinalizer(KkpWatchMetrics metrics, ILogger<ClusterFinalizer> logger)
{
    public const string Name = "mla.k8c.io/cleanup";
    private const int MaxAttempts = 5;

    public static bool Has(KkpObject cluster) => cluster.Metadata.Finalizers?.Contains(Name) == true;

    /// <summary>Adds the finalizer unless the cluster is being deleted (then a new finalizer is refused by the API).</summary>
    public Task<bool> AddAsync(IKubernetes client, string seed, KkpObject cluster, CancellationToken cancellationToken) =>
        ChangeAsync(client, seed, cluster, "added", c => c.IsDeleting || Has(c) ? null : [.. c.Metadata.Finalizers ?? [], Name], cancellationToken);

    public Task<bool> RemoveAsync(IKubernetes client, string seed, KkpObject cluster, CancellationToken cancellationToken) =>
        ChangeAsync(client, seed, cluster, "removed", c => Has(c) ? c.Metadata.Finalizers!.Where(f => f != Name).ToList() : null, cancellationToken);

    private async Task<bool> ChangeAsync(
        IKubernetes client, string seed, KkpObject cluster, string change, Func<KkpObject, IList<string>?> finalizersAfter, CancellationToken cancellationToken)
    {
        var current = cluster;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (finalizersAfter(current) is not { } finalizers)
            {
                return false;
            }

            var patch = JsonSerializer.Serialize(new { metadata = new { resourceVersion = current.Metadata.ResourceVersion, finalizers } });
            try
            {
                await client.CustomObjects.PatchClusterCustomObjectAsync(
                    new V1Patch(patch, V1Patch.PatchType.MergePatch), KkpResources.Group, KkpResources.Version, KkpResources.Clusters.Plural,
                    current.Metadata.Name, cancellationToken: cancellationToken);
                metrics.FinalizerChanges.WithLabels(seed, change).Inc();
                logger.LogInformation("Seed {Seed}: finalizer {Finalizer} {Change} on cluster {ClusterId}", seed, Name, change, current.Metadata.Name);
                return true;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                metrics.Errors.WithLabels(seed, KkpResources.Clusters.Name, "conflict").Inc();
                logger.LogInformation(
                    "Seed {Seed}: cluster {ClusterId} changed since resourceVersion {ResourceVersion}; reading it again (attempt {Attempt})",
                    seed, current.Metadata.Name, current.Metadata.ResourceVersion, attempt);
                var fresh = await ReadAsync(client, current.Metadata.Name, cancellationToken);
                if (fresh is null)
                {
                    return false;
                }

                current = fresh;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                metrics.Errors.WithLabels(seed, KkpResources.Clusters.Name, "finalizer_refused").Inc();
                logger.LogWarning("Seed {Seed}: the API refused to change the finalizer on cluster {ClusterId}: {Reason}", seed, current.Metadata.Name, ex.Response.ReasonPhrase);
                return false;
            }
        }

        throw new InvalidOperationException($"seed {seed}: cluster {cluster.Metadata.Name} kept changing; its finalizer was not {change} after {MaxAttempts} attempts");
    }

    private static async Task<KkpObject?> ReadAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetClusterCustomObjectAsync<KkpObject>(
                KkpResources.Group, KkpResources.Version, KkpResources.Clusters.Plural, name, cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}

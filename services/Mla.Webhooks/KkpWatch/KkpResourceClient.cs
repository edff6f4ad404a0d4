using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Mla.Webhooks.KkpWatch;

/// <summary>List (page by page) and watch of one kind through KubernetesClient: the custom-objects API for KKP's kinds, the core API for Secrets.</summary>
public static class KkpResourceClient
{
    public static async Task<(List<KkpObject> Items, string ResourceVersion)> ListAsync(
        IKubernetes client, KkpResource resource, int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<KkpObject>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            if (resource == KkpResources.Secrets)
            {
                var page = await client.CoreV1.ListSecretForAllNamespacesAsync(continueParameter: continueToken, limit: pageSize, cancellationToken: cancellationToken);
                items.AddRange(page.Items.Select(FromSecret));
                continueToken = page.Metadata.ContinueProperty;
                resourceVersion = page.Metadata.ResourceVersion;
            }
            else
            {
                var page = await client.CustomObjects.ListClusterCustomObjectAsync<KkpObjectList>(
                    resource.Group, resource.Version, resource.Plural, continueParameter: continueToken, limit: pageSize, cancellationToken: cancellationToken);
                items.AddRange(page.Items);
                continueToken = page.Metadata.ContinueProperty;
                resourceVersion = page.Metadata.ResourceVersion;
            }
        }
        while (!string.IsNullOrEmpty(continueToken));

        return (items, resourceVersion);
    }

    /// <summary>Changes after <paramref name="resourceVersion"/>; a <c>410</c> in the stream reaches <paramref name="onError"/>.</summary>
    public static async IAsyncEnumerable<(WatchEventType Type, KkpObject Object)> WatchAsync(
        IKubernetes client, KkpResource resource, string resourceVersion, TimeSpan timeout, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seconds = (int)timeout.TotalSeconds;
#pragma warning disable CS0618 // WatchAsync over a typed list response: the replacement the package names has no typed Secret or custom-object form yet
        if (resource == KkpResources.Secrets)
        {
            var secrets = client.CoreV1.ListSecretForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: seconds, watch: true, cancellationToken: cancellationToken);
            await foreach (var (type, secret) in secrets.WatchAsync<V1Secret, V1SecretList>(onError, cancellationToken))
            {
                yield return (type, FromSecret(secret));
            }

            yield break;
        }

        var objects = client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KkpObjectList>(
            resource.Group, resource.Version, resource.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
            timeoutSeconds: seconds, watch: true, cancellationToken: cancellationToken);
        await foreach (var item in objects.WatchAsync<KkpObject, KkpObjectList>(onError, cancellationToken))
        {
            yield return item;
        }
#pragma warning restore CS0618
    }

    public static async Task<KkpObject?> ReadSecretAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return FromSecret(await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken));
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static KkpObject FromSecret(V1Secret secret) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = secret.Metadata ?? new V1ObjectMeta(),
        Data = JsonSerializer.SerializeToElement(secret.Data ?? new Dictionary<string, byte[]>()),
    };
}

using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Mla.Kubernetes.TestServer.Tests.KubernetesClient;

public sealed class DeleteTests
{
    [Fact]
    public async Task Delete_without_finalizers_removes_the_object()
    {
        await using var session = await ClientSession.StartAsync();
        var core = session.Client.CoreV1;
        await core.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "gone", NamespaceProperty = "default" } }, "default");

        await core.DeleteNamespacedConfigMapAsync("gone", "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => core.ReadNamespacedConfigMapAsync("gone", "default"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        var again = await Assert.ThrowsAsync<HttpOperationException>(() => core.DeleteNamespacedConfigMapAsync("gone", "default"));
        Assert.Equal(HttpStatusCode.NotFound, again.Response.StatusCode);
    }

    [Fact]
    public async Task A_finalizer_holds_the_object_with_a_deletion_timestamp_until_it_is_removed()
    {
        await using var session = await ClientSession.StartAsync();
        var core = session.Client.CoreV1;
        await core.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "held", NamespaceProperty = "default", Finalizers = ["mla.k8c.io/cleanup"] },
        }, "default");
        var list = await core.ListNamespacedConfigMapAsync("default");

        await core.DeleteNamespacedConfigMapAsync("held", "default");
        var deleting = await core.ReadNamespacedConfigMapAsync("held", "default");
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Equal(["mla.k8c.io/cleanup"], deleting.Metadata.Finalizers);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => core.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"finalizers":["mla.k8c.io/cleanup","other"]}}""", V1Patch.PatchType.MergePatch), "held", "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);

        await core.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => core.ReadNamespacedConfigMapAsync("held", "default"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);

        // A watch from before the deletion sees the deletionTimestamp (MODIFIED) and then DELETED.
        using var deadline = ClientSession.Deadline();
        var events = new List<(WatchEventType Type, bool Deleting)>();
        await foreach (var (type, item) in core.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, onError: e => throw e, cancellationToken: deadline.Token))
        {
            events.Add((type, item.Metadata.DeletionTimestamp is not null));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Modified, true), (WatchEventType.Deleted, true)], events);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Mla.Kubernetes.TestServer.Tests.KubernetesClient;

public sealed class PatchTests
{
    private static V1Patch Apply(string json) => new(json, V1Patch.PatchType.ApplyPatch);

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"main","image":"nginx:1"}]}}}}
        """;

    [Fact]
    public async Task Apply_creates_then_updates_and_records_the_field_manager()
    {
        await using var session = await ClientSession.StartAsync();
        var apps = session.Client.AppsV1;

        var created = await apps.PatchNamespacedDeploymentAsync(Apply(Deployment), "web", "default", fieldManager: "mla");
        var updated = await apps.PatchNamespacedDeploymentAsync(Apply(Deployment.Replace("nginx:1", "nginx:2", StringComparison.Ordinal)), "web", "default", fieldManager: "mla");

        Assert.Equal(2, created.Spec.Replicas);
        Assert.Equal("nginx:2", updated.Spec.Template.Spec.Containers.Single().Image);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        var entry = Assert.Single(updated.Metadata.ManagedFields);
        Assert.Equal(("mla", "Apply", "apps/v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));
        Assert.Contains("f:replicas", KubernetesJson.Serialize(entry.FieldsV1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflicting_apply_is_a_409_naming_the_owner_until_forced()
    {
        await using var session = await ClientSession.StartAsync();
        var apps = session.Client.AppsV1;
        await apps.PatchNamespacedDeploymentAsync(Apply(Deployment), "web", "default", fieldManager: "mla");
        var scaled = Apply("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":5}}""");

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => apps.PatchNamespacedDeploymentAsync(scaled, "web", "default", fieldManager: "autoscaler"));
        var forced = await apps.PatchNamespacedDeploymentAsync(scaled, "web", "default", fieldManager: "autoscaler", force: true);

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(conflict.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"mla\": .spec.replicas", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldManagerConflict", ".spec.replicas"), (cause.Reason, cause.Field));
        Assert.Equal(5, forced.Spec.Replicas);
        Assert.Equal(["autoscaler", "mla"], forced.Metadata.ManagedFields.Select(entry => entry.Manager).Order());
        Assert.DoesNotContain("f:replicas", KubernetesJson.Serialize(forced.Metadata.ManagedFields.Single(entry => entry.Manager == "mla").FieldsV1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_patch_changes_and_removes_fields_and_records_an_update_entry()
    {
        await using var session = await ClientSession.StartAsync();
        var core = session.Client.CoreV1;
        await core.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "default" },
            Data = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "1", ["change"] = "1" },
        }, "default", fieldManager: "creator");

        var patched = await core.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"drop":null,"change":"2"}}""", V1Patch.PatchType.MergePatch), "settings", "default", fieldManager: "editor");

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["change"] = "2" }, patched.Data);
        var editor = patched.Metadata.ManagedFields.Single(entry => entry.Manager == "editor");
        Assert.Equal("Update", editor.Operation);
        Assert.Equal("""{"f:data":{"f:change":{}}}""", KubernetesJson.Serialize(editor.FieldsV1));
    }

    [Fact]
    public async Task A_merge_patch_with_a_stale_resource_version_is_a_409()
    {
        await using var session = await ClientSession.StartAsync();
        var core = session.Client.CoreV1;
        var created = await core.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "default" } }, "default");
        await core.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "c", "default");

        var body = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = created.Metadata.ResourceVersion },
            ["data"] = new JsonObject { ["a"] = "2" },
        };
        var stale = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => core.PatchNamespacedConfigMapAsync(stale, "c", "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name()
    {
        await using var session = await ClientSession.StartAsync();
        var apps = session.Client.AppsV1;
        await apps.PatchNamespacedDeploymentAsync(Apply(Deployment), "web", "default", fieldManager: "mla");

        var patched = await apps.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "web", "default");

        Assert.Equal(["main", "sidecar"], patched.Spec.Template.Spec.Containers.Select(container => container.Name));
    }
}

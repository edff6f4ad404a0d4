using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Deletion;

public sealed class DeletionTests : ApiServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static JsonObject WithFinalizers(JsonObject obj, params string[] finalizers)
    {
        obj["metadata"]!["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
        return obj;
    }

    [Fact]
    public async Task Delete_without_finalizers_answers_Success_with_the_uid()
    {
        var created = await Api.PostAsync(ConfigMaps, Manifests.ConfigMap("plain", "default"));
        var deleted = await Api.DeleteAsync(ConfigMaps + "/plain", new JsonObject { ["propagationPolicy"] = "Background" });
        Assert.Equal(200, deleted.Code);
        Assert.Equal("Status", deleted.Str("kind"));
        Assert.Equal("Success", deleted.Str("status"));
        Assert.Equal(created.Str("metadata", "uid"), deleted.Str("details", "uid"));
        Assert.Equal("configmaps", deleted.Str("details", "kind"));
        Assert.Equal(404, (await Api.GetAsync(ConfigMaps + "/plain")).Code);
    }

    [Fact]
    public async Task Pods_answer_delete_with_the_object()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "p" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }) },
        };
        await Api.PostAsync("/api/v1/namespaces/default/pods", pod);
        var deleted = await Api.DeleteAsync("/api/v1/namespaces/default/pods/p");
        Assert.Equal(200, deleted.Code);
        Assert.Equal("Pod", deleted.Str("kind"));
    }

    [Fact]
    public async Task Finalizers_hold_the_object_until_the_last_one_is_removed()
    {
        await Api.PostAsync(ConfigMaps, WithFinalizers(Manifests.ConfigMap("held", "default"), "a.example/x", "b.example/y"));
        var deleting = await Api.DeleteAsync(ConfigMaps + "/held");
        Assert.Equal(200, deleting.Code);
        Assert.Equal("ConfigMap", deleting.Str("kind"));
        Assert.NotNull(deleting.Str("metadata", "deletionTimestamp"));
        var again = await Api.DeleteAsync(ConfigMaps + "/held");
        Assert.Equal(deleting.Str("metadata", "deletionTimestamp"), again.Str("metadata", "deletionTimestamp"));

        var one = await Api.MergePatchAsync(ConfigMaps + "/held", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("b.example/y") } });
        Assert.Equal(200, one.Code);
        Assert.NotNull(Server.Get("v1", "ConfigMap", "default", "held"));

        var adding = await Api.MergePatchAsync(ConfigMaps + "/held", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("b.example/y", "c.example/z") } });
        Assert.Equal(422, adding.Code);
        Assert.Contains("no new finalizers can be added if the object is being deleted, found new finalizers []string{\"c.example/z\"}", adding.Str("message"), StringComparison.Ordinal);

        var last = await Api.MergePatchAsync(ConfigMaps + "/held", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } });
        Assert.Equal(200, last.Code);
        Assert.Null(Server.Get("v1", "ConfigMap", "default", "held"));
    }

    [Fact]
    public async Task Setting_a_deletion_timestamp_by_update_is_422()
    {
        await Api.PostAsync(ConfigMaps, Manifests.ConfigMap("ts", "default"));
        var response = await Api.MergePatchAsync(ConfigMaps + "/ts", new JsonObject { ["metadata"] = new JsonObject { ["deletionTimestamp"] = "2020-01-01T00:00:00Z" } });
        Assert.Equal(422, response.Code);
        Assert.Contains("metadata.deletionTimestamp", response.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_patch_with_a_stale_resource_version_is_409()
    {
        var created = await Api.PostAsync(ConfigMaps, Manifests.ConfigMap("lock", "default"));
        var rv = created.Str("metadata", "resourceVersion");
        await Api.MergePatchAsync(ConfigMaps + "/lock", new JsonObject { ["data"] = new JsonObject { ["value"] = "2" } });
        var stale = await Api.MergePatchAsync(ConfigMaps + "/lock", new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = rv, ["finalizers"] = new JsonArray("x.example/y") },
        });
        Assert.Equal(409, stale.Code);
        Assert.Equal("Conflict", stale.Str("reason"));
    }

    [Theory]
    [InlineData("Background")]
    [InlineData("Foreground")]
    public async Task Deleting_an_owner_deletes_its_dependents(string policy)
    {
        var owner = (await Api.PostAsync(ConfigMaps, Manifests.ConfigMap("owner", "default"))).Json;
        var dependent = Manifests.ConfigMap("dependent", "default");
        dependent["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "owner", ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        });
        await Api.PostAsync(ConfigMaps, dependent);
        var deleted = await Api.DeleteAsync(ConfigMaps + "/owner", new JsonObject { ["propagationPolicy"] = policy });
        Assert.Equal(200, deleted.Code);
        Assert.Null(Server.Get("v1", "ConfigMap", "default", "owner"));
        Assert.Null(Server.Get("v1", "ConfigMap", "default", "dependent"));
    }

    [Fact]
    public async Task Orphan_keeps_dependents_without_the_owner_reference()
    {
        var owner = (await Api.PostAsync(ConfigMaps, Manifests.ConfigMap("owner", "default"))).Json;
        var dependent = Manifests.ConfigMap("kept", "default");
        dependent["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "owner", ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        });
        await Api.PostAsync(ConfigMaps, dependent);
        await Api.DeleteAsync(ConfigMaps + "/owner", new JsonObject { ["propagationPolicy"] = "Orphan" });
        var kept = Server.Get("v1", "ConfigMap", "default", "kept");
        Assert.NotNull(kept);
        Assert.Empty(kept!["metadata"]!["ownerReferences"]!.AsArray());
    }

    [Fact]
    public async Task Namespace_deletion_terminates_removes_content_and_then_the_namespace()
    {
        await Api.PostAsync("/api/v1/namespaces", Manifests.Namespace("doomed"));
        await Api.PostAsync("/api/v1/namespaces/doomed/configmaps", Manifests.ConfigMap("c1", "doomed"));
        await Api.PostAsync("/api/v1/namespaces/doomed/configmaps", WithFinalizers(Manifests.ConfigMap("c2", "doomed"), "hold.example/it"));
        var deleting = await Api.DeleteAsync("/api/v1/namespaces/doomed");
        Assert.Equal(200, deleting.Code);
        Assert.Equal("Namespace", deleting.Str("kind"));
        Assert.Equal("Terminating", deleting.Str("status", "phase"));

        var refused = await Api.PostAsync("/api/v1/namespaces/doomed/configmaps", Manifests.ConfigMap("c3", "doomed"));
        Assert.Equal(403, refused.Code);
        Assert.Equal("configmaps \"c3\" is forbidden: unable to create new content in namespace doomed because it is being terminated", refused.Str("message"));
        Assert.Equal("NamespaceTerminating", refused.Body!["details"]!["causes"]![0]!["reason"]!.GetValue<string>());

        await Eventually.TrueAsync(() => Server.Get("v1", "ConfigMap", "doomed", "c1") is null, "content removed");
        Assert.NotNull(Server.Get("v1", "Namespace", null, "doomed"));
        await Api.MergePatchAsync("/api/v1/namespaces/doomed/configmaps/c2", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } });
        await Eventually.TrueAsync(() => Server.Get("v1", "Namespace", null, "doomed") is null, "namespace gone");
    }

    [Fact]
    public async Task Finalize_removes_spec_finalizers_of_a_terminating_namespace()
    {
        var ns = Manifests.Namespace("custom");
        ns["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes", "example.com/other") };
        await Api.PostAsync("/api/v1/namespaces", ns);
        await Api.DeleteAsync("/api/v1/namespaces/custom");
        await Eventually.TrueAsync(() => Server.Get("v1", "Namespace", null, "custom")?["spec"]?["finalizers"]?.AsArray().Count == 1, "kubernetes finalizer dropped");
        var current = Server.Get("v1", "Namespace", null, "custom")!;
        current["spec"]!["finalizers"] = new JsonArray();
        var finalized = await Api.PutAsync("/api/v1/namespaces/custom/finalize", current);
        Assert.Equal(200, finalized.Code);
        Assert.Null(Server.Get("v1", "Namespace", null, "custom"));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task Protected_namespaces_cannot_be_deleted(string name)
    {
        var response = await Api.DeleteAsync("/api/v1/namespaces/" + name);
        Assert.Equal(403, response.Code);
        Assert.Equal($"namespaces \"{name}\" is forbidden: this namespace may not be deleted", response.Str("message"));
    }
}

using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Patches;

public sealed class PatchEndpointTests : ApiServerTest
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    private static string DeploymentYaml(string image, int replicas) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
        spec:
          replicas: {replicas}
          selector:
            matchLabels: {"{app: web}"}
          template:
            metadata:
              labels: {"{app: web}"}
            spec:
              containers:
              - name: c
                image: {image}
        """;

    [Fact]
    public async Task Apply_creates_with_201_then_updates_with_200_and_keeps_managed_fields()
    {
        var created = await Api.ApplyAsync(Deployments + "/web", DeploymentYaml("nginx:1", 2), "ci");
        Assert.Equal(201, created.Code);
        Assert.Equal(2, created.Number("spec", "replicas"));
        var entry = created.Body!["metadata"]!["managedFields"]![0]!;
        Assert.Equal("ci", entry["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        var updated = await Api.ApplyAsync(Deployments + "/web", DeploymentYaml("nginx:2", 2), "ci");
        Assert.Equal(200, updated.Code);
        Assert.Equal("nginx:2", updated.Body!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(2, updated.Number("metadata", "generation"));
    }

    [Fact]
    public async Task Apply_conflicts_name_the_manager_and_field_unless_forced()
    {
        await Api.ApplyAsync(Deployments + "/web", DeploymentYaml("nginx:1", 2), "first");
        var conflict = await Api.ApplyAsync(Deployments + "/web", DeploymentYaml("nginx:1", 5), "second");
        Assert.Equal(409, conflict.Code);
        Assert.Equal("Conflict", conflict.Str("reason"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"first\": .spec.replicas", conflict.Str("message"));
        var cause = conflict.Body!["details"]!["causes"]![0]!;
        Assert.Equal("FieldManagerConflict", cause["reason"]!.GetValue<string>());
        Assert.Equal(".spec.replicas", cause["field"]!.GetValue<string>());
        var forced = await Api.ApplyAsync(Deployments + "/web", DeploymentYaml("nginx:1", 5), "second", force: true);
        Assert.Equal(200, forced.Code);
        Assert.Equal(5, forced.Number("spec", "replicas"));
    }

    [Fact]
    public async Task Apply_needs_a_field_manager_and_refuses_managed_fields()
    {
        var noManager = await Api.ApplyAsync(Deployments + "/web", DeploymentYaml("nginx:1", 1), fieldManager: null);
        Assert.Equal(422, noManager.Code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", noManager.Str("message"));
        var withManaged = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"m\",\"managedFields\":[{\"manager\":\"x\"}]}}";
        var refused = await Api.ApplyAsync("/api/v1/namespaces/default/configmaps/m", withManaged);
        Assert.Equal(400, refused.Code);
        Assert.Equal("metadata.managedFields must be nil", refused.Str("message"));
    }

    [Fact]
    public async Task Apply_with_dry_run_changes_nothing()
    {
        var response = await Api.ApplyAsync(Deployments + "/web?dryRun=All", DeploymentYaml("nginx:1", 1), "ci");
        Assert.Equal(201, response.Code);
        Assert.Null(Server.Get("apps/v1", "Deployment", "default", "web"));
    }

    [Fact]
    public async Task Merge_json_and_strategic_patches_on_built_ins()
    {
        await Api.ApplyAsync(Deployments + "/web", DeploymentYaml("nginx:1", 1), "ci");
        var strategic = await Api.SendAsync(HttpMethod.Patch, Deployments + "/web",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox\"}]}}}}", "application/strategic-merge-patch+json");
        Assert.Equal(200, strategic.Code);
        Assert.Equal(2, strategic.Body!["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);
        var json = await Api.JsonPatchAsync(Deployments + "/web", new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/replicas", ["value"] = 4 }));
        Assert.Equal(4, json.Number("spec", "replicas"));
        var merge = await Api.MergePatchAsync(Deployments + "/web", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["x"] = "y" } } });
        Assert.Equal("y", merge.Str("metadata", "labels", "x"));
        var failingTest = await Api.JsonPatchAsync(Deployments + "/web", new JsonArray(new JsonObject { ["op"] = "test", ["path"] = "/spec/replicas", ["value"] = 99 }));
        Assert.Equal(422, failingTest.Code);
        var force = await Api.SendAsync(HttpMethod.Patch, Deployments + "/web?force=true", "{}", "application/merge-patch+json");
        Assert.Equal(422, force.Code);
        var unknown = await Api.SendAsync(HttpMethod.Patch, Deployments + "/web", "{}", "text/plain");
        Assert.Equal(415, unknown.Code);
    }

    [Fact]
    public async Task Non_apply_writes_are_recorded_under_their_field_manager()
    {
        var created = await Api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create",
            Manifests.ConfigMap("owned", "default").ToJsonString());
        var entry = created.Body!["metadata"]!["managedFields"]![0]!;
        Assert.Equal("kubectl-create", entry["manager"]!.GetValue<string>());
        Assert.Equal("Update", entry["operation"]!.GetValue<string>());
    }
}

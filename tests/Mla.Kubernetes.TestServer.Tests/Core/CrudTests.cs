using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Core;

public sealed class CrudTests : ApiServerTest
{

    [Fact]
    public async Task Create_sets_uid_timestamp_and_a_growing_resource_version()
    {
        var first = await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("a", "default"));
        var second = await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("b", "default"));
        Assert.Equal(201, first.Code);
        Assert.Equal(201, second.Code);
        Assert.True(Guid.TryParse(first.Str("metadata", "uid"), out _));
        Assert.NotNull(first.Str("metadata", "creationTimestamp"));
        var rv1 = long.Parse(first.Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture);
        var rv2 = long.Parse(second.Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture);
        Assert.True(rv2 > rv1);
        var list = await Api.GetAsync("/api/v1/namespaces/default/configmaps");
        Assert.Equal("ConfigMapList", list.Str("kind"));
        Assert.True(long.Parse(list.Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture) >= rv2);
        Assert.Equal(2, list.Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_empty_list_still_has_items()
    {
        var list = await Api.GetAsync("/api/v1/namespaces/default/secrets");
        Assert.Equal(200, list.Code);
        Assert.Empty(list.Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task Post_of_an_existing_name_is_409_AlreadyExists()
    {
        await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("dup", "default"));
        var again = await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("dup", "default"));
        Assert.Equal(409, again.Code);
        Assert.Equal("Status", again.Str("kind"));
        Assert.Equal("AlreadyExists", again.Str("reason"));
        Assert.Equal("configmaps \"dup\" already exists", again.Str("message"));
        Assert.Equal("configmaps", again.Str("details", "kind"));
    }

    [Fact]
    public async Task Missing_objects_are_404_with_group_only_outside_core()
    {
        var core = await Api.GetAsync("/api/v1/namespaces/default/pods/x");
        Assert.Equal(404, core.Code);
        Assert.Equal("NotFound", core.Str("reason"));
        Assert.Equal("pods \"x\" not found", core.Str("message"));
        Assert.Null(core.Str("details", "group"));
        var apps = await Api.GetAsync("/apis/apps/v1/namespaces/default/deployments/x");
        Assert.Equal("deployments.apps \"x\" not found", apps.Str("message"));
        Assert.Equal("apps", apps.Str("details", "group"));
        Assert.Equal(404, (await Api.PutAsync("/api/v1/namespaces/default/configmaps/x", Manifests.ConfigMap("x", "default"))).Code);
        Assert.Equal(404, (await Api.DeleteAsync("/api/v1/namespaces/default/configmaps/x")).Code);
        Assert.Equal(404, (await Api.MergePatchAsync("/api/v1/namespaces/default/configmaps/x", new JsonObject())).Code);
    }

    [Fact]
    public async Task Put_with_a_stale_resource_version_is_409_Conflict_and_without_one_is_unconditional_for_built_ins()
    {
        var created = (await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("c", "default"))).Json;
        var first = created.DeepClone().AsObject();
        first["data"]!["value"] = "2";
        Assert.Equal(200, (await Api.PutAsync("/api/v1/namespaces/default/configmaps/c", first)).Code);
        var stale = created.DeepClone().AsObject();
        stale["data"]!["value"] = "3";
        var conflict = await Api.PutAsync("/api/v1/namespaces/default/configmaps/c", stale);
        Assert.Equal(409, conflict.Code);
        Assert.Equal("Conflict", conflict.Str("reason"));
        Assert.Equal("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again", conflict.Str("message"));
        var unconditional = created.DeepClone().AsObject();
        ((JsonObject)unconditional["metadata"]!).Remove("resourceVersion");
        unconditional["data"]!["value"] = "4";
        var put = await Api.PutAsync("/api/v1/namespaces/default/configmaps/c", unconditional);
        Assert.Equal(200, put.Code);
        Assert.Equal("4", put.Str("data", "value"));
    }

    [Fact]
    public async Task GenerateName_makes_a_unique_name()
    {
        var body = Manifests.ConfigMap("", "default");
        body["metadata"]!.AsObject().Remove("name");
        body["metadata"]!["generateName"] = "gen-";
        var a = await Api.PostAsync("/api/v1/namespaces/default/configmaps", body);
        var b = await Api.PostAsync("/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(201, a.Code);
        Assert.StartsWith("gen-", a.Str("metadata", "name"), StringComparison.Ordinal);
        Assert.Equal(9, a.Str("metadata", "name")!.Length);
        Assert.NotEqual(a.Str("metadata", "name"), b.Str("metadata", "name"));
    }

    [Theory]
    [InlineData("Bad_Name", "metadata.name")]
    [InlineData("", "metadata.name")]
    public async Task Invalid_names_are_422_with_causes(string name, string field)
    {
        var response = await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap(name, "default"));
        Assert.Equal(422, response.Code);
        Assert.Equal("Invalid", response.Str("reason"));
        Assert.Equal("ConfigMap", response.Str("details", "kind"));
        Assert.Equal(field, response.Body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_labels_are_422()
    {
        var response = await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("l", "default", new JsonObject { ["bad key!"] = "v" }));
        Assert.Equal(422, response.Code);
        Assert.Equal("metadata.labels", response.Body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        var badValue = await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("l", "default", new JsonObject { ["k"] = "-bad-" }));
        Assert.Equal(422, badValue.Code);
    }

    [Fact]
    public async Task Name_namespace_and_type_mismatches_are_refused()
    {
        Assert.Equal(400, (await Api.PostAsync("/api/v1/namespaces/kube-system/configmaps", Manifests.ConfigMap("m", "default"))).Code);
        await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("m", "default"));
        var nameMismatch = await Api.PutAsync("/api/v1/namespaces/default/configmaps/m", Manifests.ConfigMap("other", "default"));
        Assert.Equal(400, nameMismatch.Code);
        Assert.Contains("does not match the name on the URL", nameMismatch.Str("message"), StringComparison.Ordinal);
        var wrongKind = Manifests.ConfigMap("w", "default");
        wrongKind["kind"] = "Secret";
        Assert.Equal(400, (await Api.PostAsync("/api/v1/namespaces/default/configmaps", wrongKind)).Code);
        var wrongVersion = Manifests.ConfigMap("w", "default");
        wrongVersion["apiVersion"] = "apps/v1";
        Assert.Equal(400, (await Api.PostAsync("/api/v1/namespaces/default/configmaps", wrongVersion)).Code);
    }

    [Fact]
    public async Task Workload_validation_checks_selector_and_containers()
    {
        var mismatch = Manifests.Deployment("d", "default", "img");
        mismatch["spec"]!["template"]!["metadata"]!["labels"] = new JsonObject { ["app"] = "other" };
        var response = await Api.PostAsync("/apis/apps/v1/namespaces/default/deployments", mismatch);
        Assert.Equal(422, response.Code);
        Assert.Contains("`selector` does not match template `labels`", response.Str("message"), StringComparison.Ordinal);
        Assert.Equal("Deployment.apps \"d\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`", response.Str("message"));
        var noImage = Manifests.Deployment("d", "default", "");
        var imageResponse = await Api.PostAsync("/apis/apps/v1/namespaces/default/deployments", noImage);
        Assert.Equal(422, imageResponse.Code);
        Assert.Equal("spec.template.spec.containers[0].image", imageResponse.Body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Writing_into_a_missing_namespace_is_404()
    {
        var response = await Api.PostAsync("/api/v1/namespaces/nowhere/configmaps", Manifests.ConfigMap("x", "nowhere"));
        Assert.Equal(404, response.Code);
        Assert.Equal("namespaces \"nowhere\" not found", response.Str("message"));
    }

    [Fact]
    public async Task Generation_follows_spec_changes_and_status_is_a_subresource()
    {
        var created = (await Api.PostAsync("/apis/apps/v1/namespaces/default/deployments", Manifests.Deployment("g", "default", "img"))).Json;
        Assert.Equal(1, Store.Json.Number(created, "metadata", "generation"));
        var labelled = created.DeepClone().AsObject();
        labelled["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        labelled["status"] = new JsonObject { ["replicas"] = 42 };
        var afterLabel = await Api.PutAsync("/apis/apps/v1/namespaces/default/deployments/g", labelled);
        Assert.Equal(1, afterLabel.Number("metadata", "generation"));
        Assert.NotEqual(42, afterLabel.Number("status", "replicas"));
        var scaled = afterLabel.Json.DeepClone().AsObject();
        scaled["spec"]!["replicas"] = 3;
        var afterScale = await Api.PutAsync("/apis/apps/v1/namespaces/default/deployments/g", scaled);
        Assert.Equal(2, afterScale.Number("metadata", "generation"));
        var statusWrite = afterScale.Json.DeepClone().AsObject();
        statusWrite["status"] = new JsonObject { ["replicas"] = 7 };
        statusWrite["spec"]!["replicas"] = 9;
        var afterStatus = await Api.PutAsync("/apis/apps/v1/namespaces/default/deployments/g/status", statusWrite);
        Assert.Equal(200, afterStatus.Code);
        Assert.Equal(7, afterStatus.Number("status", "replicas"));
        Assert.Equal(3, afterStatus.Number("spec", "replicas"));
        Assert.Equal(2, afterStatus.Number("metadata", "generation"));
    }

    [Fact]
    public async Task Defaults_are_applied_to_workloads_and_namespaces()
    {
        var sts = Manifests.Workload("StatefulSet", "s", "default", "img", replicas: null);
        var created = await Api.PostAsync("/apis/apps/v1/namespaces/default/statefulsets", sts);
        Assert.Equal(1, created.Number("spec", "replicas"));
        Assert.Equal("RollingUpdate", created.Str("spec", "updateStrategy", "type"));
        Assert.Equal(0, created.Number("spec", "updateStrategy", "rollingUpdate", "partition"));
        var ns = await Api.PostAsync("/api/v1/namespaces", Manifests.Namespace("fresh"));
        Assert.Equal("Active", ns.Str("status", "phase"));
        Assert.Equal("kubernetes", ns.Body!["spec"]!["finalizers"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Protobuf_bodies_are_415_and_charset_parameters_are_ignored()
    {
        var protobuf = await Api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "\u0000k8s", "application/vnd.kubernetes.protobuf");
        Assert.Equal(415, protobuf.Code);
        Assert.Contains("protobuf", protobuf.Str("message"), StringComparison.Ordinal);
        var json = await Api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cs", "default").ToJsonString(), "application/json; charset=utf-8");
        Assert.Equal(201, json.Code);
    }

    [Fact]
    public async Task Dry_run_changes_nothing()
    {
        var rv = Server.Store.ResourceVersion;
        var created = await Api.PostAsync("/api/v1/namespaces/default/configmaps?dryRun=All", Manifests.ConfigMap("dry", "default"));
        Assert.Equal(201, created.Code);
        Assert.Null(Server.Get("v1", "ConfigMap", "default", "dry"));
        Assert.Equal(rv, Server.Store.ResourceVersion);
    }

    [Fact]
    public async Task Unavailable_answers_503()
    {
        Server.Unavailable = true;
        var response = await Api.GetAsync("/api/v1/namespaces");
        Server.Unavailable = false;
        Assert.Equal(503, response.Code);
        Assert.Equal(200, (await Api.GetAsync("/api/v1/namespaces")).Code);
    }

    [Fact]
    public async Task Request_counters_count_by_verb_and_resource()
    {
        Server.Requests.Reset();
        await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("n", "default"));
        await Api.GetAsync("/api/v1/namespaces/default/configmaps/n");
        await Api.GetAsync("/api/v1/namespaces/default/configmaps");
        await Api.DeleteAsync("/api/v1/namespaces/default/configmaps/n");
        Assert.Equal(1, Server.Requests.Count("create", "configmaps"));
        Assert.Equal(1, Server.Requests.Count("get", "configmaps"));
        Assert.Equal(1, Server.Requests.Count("list"));
        Assert.Equal(2, Server.Requests.Writes);
    }

    [Fact]
    public async Task Two_servers_are_independent()
    {
        await using var other = await KubeApiServer.StartAsync();
        using var otherApi = new ApiClient(other);
        await Api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("only-here", "default"));
        Assert.NotEqual(Server.BaseUri, other.BaseUri);
        Assert.Equal(404, (await otherApi.GetAsync("/api/v1/namespaces/default/configmaps/only-here")).Code);
        Assert.Equal(201, (await otherApi.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("only-here", "default"))).Code);
        Assert.NotEqual(Server.KubeconfigPath, other.KubeconfigPath);
    }

    [Fact]
    public async Task Many_servers_run_side_by_side_with_their_own_counters()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => KubeApiServer.StartAsync()));
        try
        {
            var baseline = servers.Select(s => s.Store.ResourceVersion).ToList();
            await Task.WhenAll(servers.Select(async (s, i) =>
            {
                using var api = new ApiClient(s);
                for (var n = 0; n <= i % 3; n++)
                {
                    Assert.Equal(201, (await api.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap($"cm-{n}", "default"))).Code);
                }
            }));
            for (var i = 0; i < servers.Length; i++)
            {
                Assert.Equal(i % 3 + 1, servers[i].List("v1", "ConfigMap", "default").Count);
                Assert.True(servers[i].Store.ResourceVersion > baseline[i]);
            }
            Assert.Equal(servers.Length, servers.Select(s => s.BaseUri).Distinct().Count());
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}

using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Resources;

public sealed class CustomResourceTests : ApiServerTest
{
    private const string Widgets = "/apis/example.mla.io/v1/namespaces/default/widgets";

    private async Task<ApiResponse> CreateCrdAsync() =>
        await Api.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Manifests.WidgetCrd());

    [Fact]
    public async Task A_kind_is_not_served_before_its_CRD()
    {
        Assert.Equal(404, (await Api.GetAsync(Widgets)).Code);
        Assert.Equal(404, (await Api.GetAsync("/apis/example.mla.io/v1")).Code);
    }

    [Fact]
    public async Task An_applied_CRD_is_established_and_its_kind_served_and_discovered()
    {
        var crd = await CreateCrdAsync();
        Assert.Equal(201, crd.Code);
        var conditions = crd.Body!["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "Established" && c["status"]!.GetValue<string>() == "True");
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "NamesAccepted" && c["status"]!.GetValue<string>() == "True");
        Assert.Equal("WidgetList", crd.Str("status", "acceptedNames", "listKind"));

        var resources = await Api.GetAsync("/apis/example.mla.io/v1");
        var widgets = resources.Body!["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "widgets")!;
        Assert.True(widgets["namespaced"]!.GetValue<bool>());
        Assert.Equal("wd", widgets["shortNames"]![0]!.GetValue<string>());
        Assert.Contains(resources.Body!["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "widgets/status");
        var groups = await Api.GetAsync("/apis");
        Assert.Contains(groups.Body!["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "example.mla.io");

        var created = await Api.PostAsync(Widgets, Manifests.Widget("w1", "default"));
        Assert.Equal(201, created.Code);
        Assert.Equal(1, created.Number("metadata", "generation"));
        Assert.Equal("example.mla.io/v1", created.Str("apiVersion"));
    }

    [Fact]
    public async Task Custom_resources_bump_generation_outside_metadata_and_status_and_keep_status_apart()
    {
        await CreateCrdAsync();
        var created = (await Api.PostAsync(Widgets, Manifests.Widget("w", "default"))).Json;
        var annotated = created.DeepClone().AsObject();
        annotated["metadata"]!["annotations"] = new JsonObject { ["a"] = "b" };
        var afterAnnotation = await Api.PutAsync(Widgets + "/w", annotated);
        Assert.Equal(1, afterAnnotation.Number("metadata", "generation"));
        var topLevel = afterAnnotation.Json.DeepClone().AsObject();
        topLevel["extra"] = "field";
        var afterTopLevel = await Api.PutAsync(Widgets + "/w", topLevel);
        Assert.Equal(2, afterTopLevel.Number("metadata", "generation"));
        var withStatus = afterTopLevel.Json.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["phase"] = "Ready" };
        var statusIgnored = await Api.PutAsync(Widgets + "/w", withStatus);
        Assert.Null(statusIgnored.Str("status", "phase"));
        var statusWritten = await Api.PutAsync(Widgets + "/w/status", withStatus.DeepClone().AsObject().Also(o => o["metadata"]!["resourceVersion"] = statusIgnored.Str("metadata", "resourceVersion")));
        Assert.Equal(200, statusWritten.Code);
        Assert.Equal("Ready", statusWritten.Str("status", "phase"));
        Assert.Equal(2, statusWritten.Number("metadata", "generation"));
    }

    [Fact]
    public async Task Put_without_resource_version_is_422_for_custom_resources()
    {
        await CreateCrdAsync();
        await Api.PostAsync(Widgets, Manifests.Widget("w", "default"));
        var response = await Api.PutAsync(Widgets + "/w", Manifests.Widget("w", "default", "blue"));
        Assert.Equal(422, response.Code);
        Assert.Equal("widgets.example.mla.io \"w\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", response.Str("message"));
    }

    [Fact]
    public async Task Strategic_merge_patch_is_415_for_custom_resources()
    {
        await CreateCrdAsync();
        await Api.PostAsync(Widgets, Manifests.Widget("w", "default"));
        var response = await Api.SendAsync(HttpMethod.Patch, Widgets + "/w", "{\"spec\":{\"color\":\"x\"}}", "application/strategic-merge-patch+json");
        Assert.Equal(415, response.Code);
        var merge = await Api.MergePatchAsync(Widgets + "/w", new JsonObject { ["spec"] = new JsonObject { ["color"] = "x" } });
        Assert.Equal(200, merge.Code);
        Assert.Equal("x", merge.Str("spec", "color"));
    }

    [Fact]
    public async Task Selectable_fields_work_as_field_selectors()
    {
        await CreateCrdAsync();
        await Api.PostAsync(Widgets, Manifests.Widget("r", "default", "red"));
        await Api.PostAsync(Widgets, Manifests.Widget("b", "default", "blue"));
        var blue = await Api.GetAsync(Widgets + "?fieldSelector=spec.color%3Dblue");
        Assert.Equal("b", blue.Body!["items"]!.AsArray().Single()!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(400, (await Api.GetAsync(Widgets + "?fieldSelector=spec.size%3D1")).Code);
    }

    [Fact]
    public async Task Deleting_the_CRD_removes_its_objects_and_its_kind()
    {
        await CreateCrdAsync();
        await Api.PostAsync(Widgets, Manifests.Widget("w", "default"));
        var deleted = await Api.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.mla.io");
        Assert.Equal(200, deleted.Code);
        Assert.Equal(404, (await Api.GetAsync(Widgets)).Code);
        await CreateCrdAsync();
        Assert.Empty((await Api.GetAsync(Widgets)).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task An_invalid_CRD_is_422()
    {
        var crd = Manifests.WidgetCrd();
        crd["metadata"]!["name"] = "wrong.example.mla.io";
        var response = await Api.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.Equal(422, response.Code);
        Assert.Contains("must be spec.names.plural+\".\"+spec.group", response.Str("message"), StringComparison.Ordinal);
    }
}

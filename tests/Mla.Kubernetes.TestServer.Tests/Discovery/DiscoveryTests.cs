using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Discovery;

public sealed class DiscoveryTests : ApiServerTest
{
    private const string AggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Fact]
    public async Task Version_and_legacy_discovery()
    {
        Assert.Equal("1", (await Api.GetAsync("/version")).Str("major"));
        var api = await Api.GetAsync("/api");
        Assert.Equal("APIVersions", api.Str("kind"));
        Assert.Equal("application/json", api.ContentType);
        var apis = await Api.GetAsync("/apis");
        Assert.Equal("APIGroupList", apis.Str("kind"));
        var apps = await Api.GetAsync("/apis/apps");
        Assert.Equal("apps/v1", apps.Str("preferredVersion", "groupVersion"));
        var core = await Api.GetAsync("/api/v1");
        var ns = core.Body!["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "namespaces")!;
        Assert.False(ns["namespaced"]!.GetValue<bool>());
        Assert.Equal("ns", ns["shortNames"]![0]!.GetValue<string>());
        Assert.Contains("watch", ns["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Aggregated_discovery_when_asked_for()
    {
        var api = await Api.SendAsync(HttpMethod.Get, "/api", accept: AggregatedAccept);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", api.ContentType.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("APIGroupDiscoveryList", api.Str("kind"));
        Assert.Equal("", api.Body!["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        var apis = await Api.SendAsync(HttpMethod.Get, "/apis", accept: AggregatedAccept);
        var apps = apis.Body!["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.GetValue<string>() == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => r!["resource"]!.GetValue<string>() == "deployments")!;
        Assert.Equal("Namespaced", deployments["scope"]!.GetValue<string>());
        Assert.Equal("Deployment", deployments["responseKind"]!["kind"]!.GetValue<string>());
        Assert.Contains("deploy", deployments["shortNames"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains(deployments["subresources"]!.AsArray(), s => s!["subresource"]!.GetValue<string>() == "status");
    }

    [Fact]
    public async Task OpenApi_v3_offers_patch_with_field_validation_per_kind_also_for_custom_kinds()
    {
        Server.Create(Manifests.WidgetCrd());
        var root = await Api.GetAsync("/openapi/v3");
        var url = root.Str("paths", "apis/example.mla.io/v1", "serverRelativeURL");
        Assert.NotNull(url);
        Assert.NotNull(root.Str("paths", "api/v1", "serverRelativeURL"));
        var document = await Api.GetAsync(url!);
        var patch = document.Body!["paths"]!["/apis/example.mla.io/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        Assert.Equal("Widget", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        Assert.Equal(404, (await Api.GetAsync("/openapi/v2")).Code);
    }
}

using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Selectors;

public sealed class ListQueryTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _api = new ApiClient(_server);
        for (var i = 0; i < 7; i++)
        {
            _server.Create(Manifests.ConfigMap($"cm-{i}", "default", new JsonObject { ["app"] = i % 2 == 0 ? "web" : "api", ["idx"] = $"{i}" }));
        }
        _server.Create(Manifests.ConfigMap("other", "kube-system", new JsonObject { ["app"] = "web" }));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    private static List<string> Names(ApiResponse list) => [.. list.Body!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];

    [Fact]
    public async Task Label_selectors_arrive_with_plus_for_spaces()
    {
        var list = await _api.GetAsync("/api/v1/namespaces/default/configmaps?labelSelector=app+in+%28web%2Cx%29%2C%21nope&limit=500");
        Assert.Equal(["cm-0", "cm-2", "cm-4", "cm-6"], Names(list));
        var all = await _api.GetAsync("/api/v1/configmaps?labelSelector=app%3Dweb");
        Assert.Equal(5, Names(all).Count);
    }

    [Fact]
    public async Task Field_selectors_on_name_and_namespace()
    {
        Assert.Equal(["cm-3"], Names(await _api.GetAsync("/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dcm-3")));
        Assert.Equal(6, Names(await _api.GetAsync("/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name!%3Dcm-3")).Count);
        Assert.Equal(["other"], Names(await _api.GetAsync("/api/v1/configmaps?fieldSelector=metadata.namespace%3D%3Dkube-system")));
        var unsupported = await _api.GetAsync("/api/v1/configmaps?fieldSelector=data.value%3D1");
        Assert.Equal(400, unsupported.Code);
        Assert.Equal("field label not supported: data.value", unsupported.Str("message"));
    }

    [Fact]
    public async Task Pod_field_selectors_on_node_and_phase()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["nodeName"] = "node-1", ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }) },
        };
        _server.Create(pod);
        Assert.Single(Names(await _api.GetAsync("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1,status.phase%3DPending")));
        Assert.Empty(Names(await _api.GetAsync("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-2")));
    }

    [Fact]
    public async Task Limit_and_continue_page_through_everything_once()
    {
        var seen = new List<string>();
        var first = await _api.GetAsync("/api/v1/namespaces/default/configmaps?limit=3");
        seen.AddRange(Names(first));
        Assert.Equal(4, first.Number("metadata", "remainingItemCount"));
        var token = first.Str("metadata", "continue");
        while (token is not null)
        {
            var page = await _api.GetAsync("/api/v1/namespaces/default/configmaps?limit=3&continue=" + Uri.EscapeDataString(token));
            seen.AddRange(Names(page));
            token = page.Str("metadata", "continue");
        }
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), seen);
        Assert.Equal(400, (await _api.GetAsync("/api/v1/namespaces/default/configmaps?limit=3&continue=garbage!")).Code);
    }
}

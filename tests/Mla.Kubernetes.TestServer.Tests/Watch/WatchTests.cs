using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Watch;

public sealed class WatchTests : ApiServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override KubeApiServerOptions? Options => new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) };

    private static string Type(JsonObject? e) => e?["type"]?.GetValue<string>() ?? "(end)";

    private static string? Name(JsonObject? e) => e?["object"]?["metadata"]?["name"]?.GetValue<string>();

    [Fact]
    public async Task Watch_from_zero_sends_synthetic_added_then_changes()
    {
        Server.Create(Manifests.ConfigMap("existing", "default"));
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + "?watch=true&resourceVersion=0");
        Assert.Equal(200, watch.StatusCode);
        var added = await watch.NextChangeAsync();
        Assert.Equal("ADDED", Type(added));
        Assert.Equal("existing", Name(added));
        await Api.MergePatchAsync(ConfigMaps + "/existing", new JsonObject { ["data"] = new JsonObject { ["value"] = "2" } });
        var modified = await watch.NextChangeAsync();
        Assert.Equal("MODIFIED", Type(modified));
        Assert.Equal("2", modified!["object"]!["data"]!["value"]!.GetValue<string>());
        await Api.DeleteAsync(ConfigMaps + "/existing");
        Assert.Equal("DELETED", Type(await watch.NextChangeAsync()));
    }

    [Fact]
    public async Task Resume_from_a_resource_version_sends_only_later_changes()
    {
        Server.Create(Manifests.ConfigMap("before", "default"));
        var list = await Api.GetAsync(ConfigMaps);
        var rv = list.Str("metadata", "resourceVersion");
        Server.Create(Manifests.ConfigMap("after", "default"));
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + $"?watch=1&resourceVersion={rv}");
        var first = await watch.NextChangeAsync();
        Assert.Equal("ADDED", Type(first));
        Assert.Equal("after", Name(first));
    }

    [Fact]
    public async Task Resume_replays_only_the_watched_kinds_history()
    {
        var list = await Api.GetAsync(ConfigMaps);
        var rv = list.Str("metadata", "resourceVersion");
        Server.Create(Manifests.Secret("same-namespace-other-kind", "default"));
        Server.Create(Manifests.ConfigMap("watched-kind", "default"));
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + $"?watch=1&resourceVersion={rv}");
        var first = await watch.NextChangeAsync();
        Assert.Equal("ADDED", Type(first));
        Assert.Equal("ConfigMap", first!["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("watched-kind", Name(first));
    }

    [Fact]
    public async Task A_too_old_resource_version_gets_an_Expired_error_event()
    {
        var rv = (await Api.GetAsync(ConfigMaps)).Str("metadata", "resourceVersion");
        Server.Create(Manifests.ConfigMap("x", "default"));
        Server.ExpireHistory();
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + $"?watch=true&resourceVersion={rv}");
        var error = await watch.NextAsync();
        Assert.Equal("ERROR", Type(error));
        Assert.Equal(410, error!["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith($"too old resource version: {rv} (", error["object"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await watch.NextAsync());
        var relist = (await Api.GetAsync(ConfigMaps)).Str("metadata", "resourceVersion");
        await using var resumed = await WatchReader.OpenAsync(Api.Http, ConfigMaps + $"?watch=true&resourceVersion={relist}&allowWatchBookmarks=true");
        Assert.Equal("BOOKMARK", Type(await resumed.NextAsync()));
    }

    [Fact]
    public async Task Bookmarks_carry_kind_api_version_and_resource_version()
    {
        await using var watch = await WatchReader.OpenAsync(Api.Http, "/apis/apps/v1/deployments?watch=true&allowWatchBookmarks=true&resourceVersion=" + Server.Store.ResourceVersion);
        var bookmark = await watch.NextAsync();
        Assert.Equal("BOOKMARK", Type(bookmark));
        Assert.Equal("Deployment", bookmark!["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("apps/v1", bookmark["object"]!["apiVersion"]!.GetValue<string>());
        Assert.NotNull(bookmark["object"]!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task TimeoutSeconds_closes_the_stream()
    {
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + "?watch=true&timeoutSeconds=1&resourceVersion=" + Server.Store.ResourceVersion);
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CloseWatches_cuts_open_streams()
    {
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + "?watch=true&resourceVersion=" + Server.Store.ResourceVersion);
        Server.CloseWatches();
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Label_selector_watch_sees_objects_start_and_stop_matching()
    {
        Server.Create(Manifests.ConfigMap("flip", "default", new JsonObject { ["app"] = "other" }));
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + "?watch=true&labelSelector=app%3Dweb&resourceVersion=" + Server.Store.ResourceVersion);
        await Api.MergePatchAsync(ConfigMaps + "/flip", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } } });
        var added = await watch.NextChangeAsync();
        Assert.Equal("ADDED", Type(added));
        await Api.MergePatchAsync(ConfigMaps + "/flip", new JsonObject { ["data"] = new JsonObject { ["value"] = "9" } });
        Assert.Equal("MODIFIED", Type(await watch.NextChangeAsync()));
        await Api.MergePatchAsync(ConfigMaps + "/flip", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "gone" } } });
        var deleted = await watch.NextChangeAsync();
        Assert.Equal("DELETED", Type(deleted));
        Assert.Equal("gone", deleted!["object"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
    }

    [Fact]
    public async Task Field_selector_watch_sees_only_the_named_object()
    {
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + "?watch=true&fieldSelector=metadata.name%3Dtarget&resourceVersion=0");
        Server.Create(Manifests.ConfigMap("noise", "default"));
        Server.Create(Manifests.ConfigMap("target", "default"));
        var first = await watch.NextChangeAsync();
        Assert.Equal("target", Name(first));
    }

    [Fact]
    public async Task Send_initial_events_ends_with_the_initial_events_end_bookmark()
    {
        Server.Create(Manifests.ConfigMap("one", "default"));
        await using var watch = await WatchReader.OpenAsync(Api.Http, ConfigMaps + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        Assert.Equal("ADDED", Type(await watch.NextAsync()));
        var end = await watch.NextAsync();
        Assert.Equal("BOOKMARK", Type(end));
        Assert.Equal("true", end!["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }
}

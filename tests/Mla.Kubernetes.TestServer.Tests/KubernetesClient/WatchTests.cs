using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Mla.Kubernetes.TestServer.Tests.KubernetesClient;

public sealed class WatchTests
{
    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Data = new Dictionary<string, string> { ["value"] = value },
    };

    [Fact]
    public async Task A_watch_resumed_from_a_list_sees_only_later_changes_in_order()
    {
        await using var session = await ClientSession.StartAsync();
        var client = session.Client;
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before", "1"), "default");
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default");

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after", "1"), "default");
        created.Data["value"] = "2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "after", "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("after", "default");

        using var deadline = ClientSession.Deadline();
        var events = new List<(WatchEventType Type, string Name, string? Value)>();
        var watch = client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, onError: error => throw error, cancellationToken: deadline.Token);
        await foreach (var (type, item) in watch)
        {
            events.Add((type, item.Metadata.Name, item.Data?["value"]));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal(
            [(WatchEventType.Added, "after", "1"), (WatchEventType.Modified, "after", "2"), (WatchEventType.Deleted, "after", "2")],
            events);
    }

    [Fact]
    public async Task A_watch_from_zero_starts_with_the_current_objects_and_then_follows_changes()
    {
        await using var session = await ClientSession.StartAsync();
        var client = session.Client;
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("existing", "1"), "default");

        using var deadline = ClientSession.Deadline();
        var watch = client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: "0", onError: error => throw error, cancellationToken: deadline.Token);
        var names = new List<(WatchEventType, string)>();
        await foreach (var (type, item) in watch)
        {
            names.Add((type, item.Metadata.Name));
            if (names.Count == 1)
            {
                // The stream is open now: a change made after it started must arrive on it.
                await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("new", "1"), "default", cancellationToken: deadline.Token);
            }
            else
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "existing"), (WatchEventType.Added, "new")], names);
    }

    [Fact]
    public async Task A_cut_watch_resumes_from_the_last_seen_version_without_gaps_or_repeats()
    {
        await using var session = await ClientSession.StartAsync();
        var client = session.Client;
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", "1"), "default");

        using var deadline = ClientSession.Deadline();
        var seen = new List<string>();
        var lastVersion = list.Metadata.ResourceVersion;
        await foreach (var (_, item) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: lastVersion, onError: e => throw e, cancellationToken: deadline.Token))
        {
            seen.Add(item.Metadata.Name);
            lastVersion = item.Metadata.ResourceVersion;
            if (seen.Count == 1)
            {
                // The server cuts the stream; the enumeration ends (after what was already on the wire).
                session.Server.CloseWatches();
            }
        }

        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", "1"), "default");
        await foreach (var (_, item) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: lastVersion, onError: e => throw e, cancellationToken: deadline.Token))
        {
            seen.Add(item.Metadata.Name);
            if (item.Metadata.Name == "c")
            {
                break;
            }
        }

        Assert.Equal(["a", "b", "c"], seen);
    }

    [Fact]
    public async Task A_label_selector_watch_sees_an_object_leave_the_selection_as_deleted()
    {
        await using var session = await ClientSession.StartAsync();
        var client = session.Client;
        var labelled = ConfigMap("x", "1");
        labelled.Metadata.Labels = new Dictionary<string, string> { ["mla"] = "on" };
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(labelled, "default");

        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"labels\":{\"mla\":\"off\"}}}", V1Patch.PatchType.MergePatch), "x", "default");

        using var deadline = ClientSession.Deadline();
        var events = new List<(WatchEventType, string?)>();
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", labelSelector: "mla=on", resourceVersion: created.Metadata.ResourceVersion, onError: e => throw e, cancellationToken: deadline.Token))
        {
            events.Add((type, item.Metadata.Labels?["mla"]));
            break;
        }

        Assert.Equal([(WatchEventType.Deleted, "off")], events);
    }

    [Fact]
    public async Task Resuming_from_an_expired_resource_version_reports_410()
    {
        await using var session = await ClientSession.StartAsync();
        var client = session.Client;
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("later", "1"), "default");
        session.Server.ExpireHistory();

        using var deadline = ClientSession.Deadline();
        int? code = null;
        try
        {
            var watch = client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, onError: error => code ??= (error as KubernetesException)?.Status?.Code ?? -1, cancellationToken: deadline.Token);
            await foreach (var _ in watch)
            {
                Assert.Fail("an expired watch delivered an event");
            }
        }
        catch (HttpOperationException e)
        {
            // The API server may answer an expired resourceVersion with HTTP 410 instead of the ERROR event (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
            code = (int)e.Response.StatusCode;
        }

        Assert.Equal((int)HttpStatusCode.Gone, code);
    }
}

using k8s;
using k8s.Models;

namespace Mla.Kubernetes.TestServer.Tests.KubernetesClient;

public sealed class ListTests
{
    private static V1ConfigMap ConfigMap(string name, string ns, string tier) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["tier"] = tier } },
        Data = new Dictionary<string, string> { ["key"] = name },
    };

    [Fact]
    public async Task Lists_namespaced_and_cluster_scoped_objects()
    {
        await using var session = await ClientSession.StartAsync();
        var client = session.Client;
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } });
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-b" } });
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one", "team-a", "web"), "team-a");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("two", "team-b", "web"), "team-b");

        var inA = await client.CoreV1.ListNamespacedConfigMapAsync("team-a");
        var everywhere = await client.CoreV1.ListConfigMapForAllNamespacesAsync();
        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.Equal(["one"], inA.Items.Select(item => item.Metadata.Name));
        Assert.Equal("one", inA.Items[0].Data["key"]);
        Assert.False(string.IsNullOrEmpty(inA.Metadata.ResourceVersion));
        Assert.Equal(["one", "two"], everywhere.Items.Select(item => item.Metadata.Name).Order());
        Assert.Contains("team-a", namespaces.Items.Select(item => item.Metadata.Name));
        Assert.Contains("default", namespaces.Items.Select(item => item.Metadata.Name));
        Assert.All(namespaces.Items, item => Assert.Null(item.Metadata.NamespaceProperty));
    }

    [Fact]
    public async Task Filters_by_label_selector()
    {
        await using var session = await ClientSession.StartAsync(fromKubeconfig: false);
        var client = session.Client;
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("web-1", "default", "web"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("db-1", "default", "db"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cache-1", "default", "cache"), "default");

        var web = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier=web");
        var notWeb = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier notin (web),tier");
        var none = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier=nothing");

        Assert.Equal(["web-1"], web.Items.Select(item => item.Metadata.Name));
        Assert.Equal(["cache-1", "db-1"], notWeb.Items.Select(item => item.Metadata.Name).Order());
        Assert.NotNull(none.Items);
        Assert.Empty(none.Items);
    }

    [Fact]
    public async Task Pages_with_limit_and_continue()
    {
        await using var session = await ClientSession.StartAsync();
        var client = session.Client;
        for (var i = 0; i < 7; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}", "default", "web"), "default");
        }

        var seen = new List<string>();
        string? continueToken = null;
        var pages = 0;
        do
        {
            var page = await client.CoreV1.ListNamespacedConfigMapAsync("default", continueParameter: continueToken, limit: 3);
            Assert.True(page.Items.Count <= 3, $"a page of {page.Items.Count} items for limit 3");
            seen.AddRange(page.Items.Select(item => item.Metadata.Name));
            continueToken = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(continueToken) && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}").Order(), seen.Order());
    }
}

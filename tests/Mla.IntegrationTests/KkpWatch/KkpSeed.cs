using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer;

namespace Mla.IntegrationTests.KkpWatch;

/// <summary>A seed: the Kubernetes API test server with KKP's CRDs (deploy/kkp-crds) applied by the real kubectl.</summary>
internal sealed class KkpSeed : IAsyncDisposable
{
    public const string ApiVersion = "kubermatic.k8c.io/v1";
    public const string MlaFinalizer = "mla.k8c.io/cleanup";
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-kkp-seed-").FullName;

    private KkpSeed(KubeApiServer server, string name)
    {
        Server = server;
        Name = name;
        Kubectl = new Kubectl(server);
    }

    /// <summary>The real kubectl, pointed at this seed (with a discovery cache of its own).</summary>
    public Kubectl Kubectl { get; }

    public KubeApiServer Server { get; }

    /// <summary>The seed's name, unique per test (it becomes the tenants' seed).</summary>
    public string Name { get; }

    public string Kubeconfig => Server.KubeconfigPath;

    public static async Task<KkpSeed> StartAsync()
    {
        var seed = new KkpSeed(await KubeApiServer.StartAsync(), "seed-" + Guid.NewGuid().ToString("N")[..8]);
        await seed.KubectlAsync("apply", "-f", Path.Combine(AppContext.BaseDirectory, "kkp-crds"));
        return seed;
    }

    /// <summary>The settings that make Mla.Webhooks watch this seed (quick finalizer checks and back-offs for tests).</summary>
    public Dictionary<string, string?> WatchSettings(string catalogPath) => new()
    {
        [$"Mla:Webhooks:Kkp:Seeds:{Name}:Kubeconfig"] = Kubeconfig,
        ["Mla:Webhooks:Kkp:FinalizerCheckInterval"] = "00:00:01",
        ["Mla:Webhooks:Kkp:InitialBackoff"] = "00:00:00.100",
        ["Mla:Webhooks:Kkp:MaxBackoff"] = "00:00:01",
        ["Mla:Loops:InitialBackoff"] = "00:00:00.200",
        ["Mla:Loops:MaxBackoff"] = "00:00:02",
        ["Mla:Catalog:SqlitePath"] = catalogPath,
    };

    public static JsonObject Cluster(string name, string project, bool monitoring, params string[] finalizers) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "Cluster",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["project-id"] = project, ["team"] = "payments" },
            ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
        },
        ["spec"] = new JsonObject
        {
            ["humanReadableName"] = $"{name} (test)",
            ["mla"] = new JsonObject { ["monitoringEnabled"] = monitoring, ["loggingEnabled"] = false },
        },
    };

    /// <summary><c>kubectl apply -f</c> of the object, written to a file as JSON (which is YAML).</summary>
    public async Task ApplyAsync(JsonObject item)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, item.ToJsonString());
        await KubectlAsync("apply", "-f", file);
    }

    public Task PatchMlaAsync(string cluster, bool monitoring) => KubectlAsync(
        "patch", "clusters.kubermatic.k8c.io", cluster, "--type=merge", "-p", """{"spec":{"mla":{"monitoringEnabled":""" + (monitoring ? "true" : "false") + "}}}");

    /// <summary><c>kubectl delete</c> without waiting: the object stays while finalizers hold it.</summary>
    public Task DeleteAsync(string cluster) => KubectlAsync("delete", "clusters.kubermatic.k8c.io", cluster, "--wait=false");

    /// <summary>Runs kubectl; a failure fails the test with kubectl's output.</summary>
    public async Task<string> KubectlAsync(params string[] args)
    {
        var result = await Kubectl.RunAsync(args);
        Assert.True(result.Succeeded, $"kubectl {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }

    public JsonObject? GetCluster(string name) => Server.Get(ApiVersion, "Cluster", null, name);

    public static IReadOnlyList<string> FinalizersOf(JsonObject? cluster) =>
        cluster?["metadata"]?["finalizers"]?.AsArray().Select(f => f!.GetValue<string>()).ToList() ?? [];

    public async ValueTask DisposeAsync()
    {
        Kubectl.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

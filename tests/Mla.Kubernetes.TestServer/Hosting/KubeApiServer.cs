using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Store;
using Mla.Kubernetes.TestServer.Watch;
using Mla.Kubernetes.TestServer.Workloads;

namespace Mla.Kubernetes.TestServer;

/// <summary>
/// A Kubernetes API server double on 127.0.0.1 (plain HTTP) that the real kubectl and KubernetesClient accept
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/). Each instance has its own store, resourceVersion counter, kinds and kubeconfig; any number can
/// run in one process. <c>await using var server = await KubeApiServer.StartAsync();</c>
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ControllerLoop _controllers;
    private readonly string? _tempDirectory;
    private CancellationTokenSource _watchCut = new();
    private bool _unavailable;

    private KubeApiServer(WebApplication app, KubeApiServerOptions options, KindRegistry kinds, ObjectStore store, ObjectOperations operations, string? tempDirectory)
    {
        _app = app;
        Options = options;
        Kinds = kinds;
        Store = store;
        Operations = operations;
        _tempDirectory = tempDirectory;
        Workloads = new WorkloadSimulation(options.WorkloadReadyDelay);
        Watches = new WatchStreamer(store, options.BookmarkInterval);
        _controllers = new ControllerLoop(operations, Workloads, new WorkloadController(operations, Workloads, options.NodeCount));
        KubeconfigPath = "";
        BaseUri = new Uri("http://127.0.0.1/");
    }

    public Uri BaseUri { get; private set; }

    /// <summary>The kubeconfig written at start for this instance.</summary>
    public string KubeconfigPath { get; private set; }

    public KubeApiServerOptions Options { get; }

    public WorkloadSimulation Workloads { get; }

    public RequestCounters Requests { get; } = new();

    /// <summary>True: every request answers 503 and open watches are cut (an unreachable cluster).</summary>
    public bool Unavailable
    {
        get => Volatile.Read(ref _unavailable);
        set
        {
            Volatile.Write(ref _unavailable, value);
            if (value)
            {
                CloseWatches();
            }
        }
    }

    public KindRegistry Kinds { get; }

    /// <summary>The last exception of a simulated controller pass (null when all went well), for diagnosis.</summary>
    public Exception? ControllerError => _controllers.LastError;

    public ObjectStore Store { get; }

    public ObjectOperations Operations { get; }

    internal WatchStreamer Watches { get; }

    internal CancellationToken WatchCut => Volatile.Read(ref _watchCut).Token;

    public static async Task<KubeApiServer> StartAsync(KubeApiServerOptions? options = null, CancellationToken ct = default)
    {
        options ??= new KubeApiServerOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var kinds = new KindRegistry();
        var store = new ObjectStore(options.WatchHistoryLimit);
        var operations = new ObjectOperations(kinds, store, TimeProvider.System);
        string? temp = null;
        if (options.KubeconfigPath is null)
        {
            temp = Path.Combine(Path.GetTempPath(), "mla-kube-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(temp);
        }
        var server = new KubeApiServer(app, options, kinds, store, operations, temp);
        server.Seed();
        var handler = new ApiRequestHandler(server);
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        server.KubeconfigPath = server.WriteKubeconfig(options.KubeconfigPath ?? Path.Combine(temp!, "kubeconfig"));
        return server;
    }

    /// <summary>Writes a kubeconfig for this server to <paramref name="path"/> and returns the path.</summary>
    public string WriteKubeconfig(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(path, Kubeconfig.Render(BaseUri, Options.ClusterName));
        return path;
    }

    /// <summary>Cuts every open watch stream (clients must resume).</summary>
    public void CloseWatches()
    {
        var previous = Interlocked.Exchange(ref _watchCut, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    /// <summary>Every resourceVersion until now becomes too old: the next resume from one answers 410 Expired.</summary>
    public void ExpireHistory()
    {
        lock (Store.Gate)
        {
            Store.ExpireHistory();
        }
    }

    /// <summary>Creates an object in-process (kind from apiVersion/kind, namespace from metadata).</summary>
    public JsonObject Create(JsonObject obj) =>
        Operations.Create(KindOf(obj), Json.Namespace(obj), obj, WriteOptions.Internal);

    /// <summary>Replaces an object in-process (unconditional when it carries no resourceVersion, as for built-ins).</summary>
    public JsonObject Update(JsonObject obj, string? subresource = null)
    {
        var kind = KindOf(obj);
        var copy = Json.Clone(obj);
        if (string.IsNullOrEmpty(Json.Str(copy, "metadata", "resourceVersion")) && Get(kind.ApiVersion, kind.Kind, Json.Namespace(obj), Json.Name(obj)) is { } current)
        {
            Json.Meta(copy)["resourceVersion"] = Json.Str(current, "metadata", "resourceVersion");
        }
        return Operations.Update(kind, Json.Namespace(copy), Json.Name(copy), copy, WriteOptions.Internal, subresource);
    }

    /// <summary>Server-side apply in-process, as <paramref name="fieldManager"/>.</summary>
    public JsonObject Apply(JsonObject obj, string fieldManager = "kube-test-server", bool force = true)
    {
        var kind = KindOf(obj);
        return Operations.Patch(kind, Json.Namespace(obj), Json.Name(obj), PatchKind.Apply, obj, new WriteOptions(fieldManager, Force: force)).Object;
    }

    public JsonObject? Get(string apiVersion, string kind, string? ns, string name) =>
        Operations.Get(KindOf(apiVersion, kind), ns, name);

    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null) =>
        Operations.List(KindOf(apiVersion, kind), ns, Selectors.LabelSelector.Everything, Selectors.FieldSelector.Everything).Items;

    /// <summary>Deletes in-process (finalizers honoured); false when the object did not exist.</summary>
    public bool Delete(string apiVersion, string kind, string? ns, string name, string? propagationPolicy = null)
    {
        try
        {
            Operations.Delete(KindOf(apiVersion, kind), ns, name, new DeleteOptions(propagationPolicy));
            return true;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return false;
        }
    }

    private ResourceKind KindOf(JsonObject obj) => KindOf(Json.Str(obj, "apiVersion") ?? "", Json.Str(obj, "kind") ?? "");

    private ResourceKind KindOf(string apiVersion, string kind) =>
        Kinds.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"the server serves no {kind} in {apiVersion}");

    /// <summary>What every cluster has: the protected namespaces and the nodes.</summary>
    private void Seed()
    {
        foreach (var ns in ObjectOperations.ProtectedNamespaces.Append("kube-node-lease"))
        {
            Create(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        }
        var nodeKind = KindOf("v1", "Node");
        lock (Store.Gate)
        {
            for (var i = 1; i <= Options.NodeCount; i++)
            {
                var name = $"node-{i}";
                Operations.CreateLocked(nodeKind, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Node",
                    ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" } },
                    ["status"] = new JsonObject
                    {
                        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status (simulated)" }),
                        ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.0.0.{i}" }),
                        ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.32.0", ["operatingSystem"] = "linux", ["architecture"] = "amd64" },
                    },
                }, WriteOptions.Internal, managedFieldsRecorded: true, keepStatus: true);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        CloseWatches();
        await _controllers.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _watchCut.Dispose();
        if (_tempDirectory is not null)
        {
            try
            {
                Directory.Delete(_tempDirectory, recursive: true);
            }
            catch (IOException)
            {
                // a kubectl still holding a file: the temp directory is left behind
            }
        }
    }
}

using k8s;

namespace Mla.Kubernetes.TestServer.Tests.KubernetesClient;

/// <summary>A fresh API test server and the real KubernetesClient pointed at it, for one test.</summary>
public sealed class ClientSession : IAsyncDisposable
{
    private ClientSession(KubeApiServer server, IKubernetes client)
    {
        Server = server;
        Client = client;
    }

    public KubeApiServer Server { get; }

    public IKubernetes Client { get; }

    /// <summary>Starts a server; the client is configured from its kubeconfig or, with <paramref name="fromKubeconfig"/> false, from its URL.</summary>
    public static async Task<ClientSession> StartAsync(bool fromKubeconfig = true, KubeApiServerOptions? options = null)
    {
        var server = await KubeApiServer.StartAsync(options);
        var configuration = fromKubeconfig
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath)
            : new KubernetesClientConfiguration { Host = server.BaseUri.ToString() };
        return new ClientSession(server, new k8s.Kubernetes(configuration));
    }

    /// <summary>A deadline for anything the test waits on (generous: CI machines are slow and loaded).</summary>
    public static CancellationTokenSource Deadline() => new(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

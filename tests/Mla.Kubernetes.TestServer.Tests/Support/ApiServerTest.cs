namespace Mla.Kubernetes.TestServer.Tests.Support;

/// <summary>A test class with its own API test server per test and a raw HTTP client for it.</summary>
public abstract class ApiServerTest : IAsyncLifetime
{
    protected KubeApiServer Server { get; private set; } = null!;

    protected ApiClient Api { get; private set; } = null!;

    /// <summary>The server's options; the defaults unless a test class needs others.</summary>
    protected virtual KubeApiServerOptions? Options => null;

    public async Task InitializeAsync()
    {
        Server = await KubeApiServer.StartAsync(Options);
        Api = new ApiClient(Server);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }
}

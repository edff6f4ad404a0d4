using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mla.Dapr.TestServer;

/// <summary>
/// An in-process Dapr sidecar with the gRPC secret-store API (GetSecret, GetBulkSecret), on HTTP/2 cleartext at a
/// random loopback port as <c>DaprClient</c> expects (<c>http://…</c>). Stores and secrets are set by the test; every
/// read is recorded (<see cref="Reads"/>).
/// </summary>
public sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>> _stores = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SecretRead> _reads = new();
    private WebApplication? _app;

    private FakeDaprSidecar(string? apiToken) => ApiToken = apiToken;

    /// <summary>The address for <c>DaprClientBuilder.UseGrpcEndpoint</c> / <c>DAPR_GRPC_ENDPOINT</c>.</summary>
    public Uri GrpcEndpoint { get; private set; } = null!;

    /// <summary>When set, every call must carry it as <c>dapr-api-token</c> metadata (else Unauthenticated).</summary>
    public string? ApiToken { get; }

    public IReadOnlyCollection<SecretRead> Reads => _reads;

    public static async Task<FakeDaprSidecar> StartAsync(string? apiToken = null)
    {
        var sidecar = new FakeDaprSidecar(apiToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(sidecar);
        builder.Services.AddSingleton<DaprSecretsService>();
        var app = builder.Build();
        app.MapGrpcService<DaprSecretsService>();
        await app.StartAsync();
        sidecar._app = app;
        sidecar.GrpcEndpoint = new Uri(app.Urls.First());
        return sidecar;
    }

    /// <summary>Declares a secret store (empty until secrets are put into it).</summary>
    public void AddStore(string store) => _stores.GetOrAdd(store, _ => new(StringComparer.Ordinal));

    /// <summary>Puts (replaces) a secret into a store, declaring the store.</summary>
    public void SetSecret(string store, string name, IReadOnlyDictionary<string, string> data) =>
        _stores.GetOrAdd(store, _ => new(StringComparer.Ordinal))[name] = new Dictionary<string, string>(data, StringComparer.Ordinal);

    public bool RemoveSecret(string store, string name) =>
        _stores.TryGetValue(store, out var secrets) && secrets.TryRemove(name, out _);

    internal void Record(SecretRead read) => _reads.Enqueue(read);

    internal IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Snapshot() =>
        _stores.ToDictionary(
            s => s.Key,
            s => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>)s.Value.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Mla.Tenants.Purge;

namespace Mla.Tenants.Tests.Purge.Fakes;

/// <summary>Fast purge settings, store clients and an address where nothing listens.</summary>
internal static class PurgeTestKit
{
    public static PurgeOptions FastSettings(TimeSpan? verifyTimeout = null, TimeSpan? quietPeriod = null) => new()
    {
        VerifyTimeout = verifyTimeout ?? TimeSpan.FromSeconds(5),
        VerifyInterval = TimeSpan.FromMilliseconds(20),
        VerifyQuietPeriod = quietPeriod ?? TimeSpan.Zero,
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    public static PurgeStoreOptions Store(string kind, Uri url, string? selector = null) => new()
    {
        Kind = kind,
        Url = url.ToString(),
        Selector = selector,
    };

    public static StoreClient Client(HttpClient http, PurgeStoreOptions store, PurgeOptions settings) => new(http, store, settings.RequestTimeout);

    /// <summary>A local port that was free a moment ago: connections to it are refused.</summary>
    public static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}

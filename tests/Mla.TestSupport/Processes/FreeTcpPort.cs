using System.Net;
using System.Net.Sockets;

namespace Mla.TestSupport.Processes;

/// <summary>
/// A port on 127.0.0.1 that was free a moment ago (the kernel picks it). Another process may take it before the
/// server binds it; the local servers retry with fresh ports when their log says the address was in use.
/// </summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Next(int count)
    {
        var ports = new HashSet<int>();
        while (ports.Count < count)
        {
            ports.Add(Next());
        }

        return [.. ports];
    }

    /// <summary>True when a log line says a listener could not bind its port.</summary>
    public static bool WasInUse(string log) =>
        log.Contains("eaddrinuse", StringComparison.OrdinalIgnoreCase)
        || log.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}

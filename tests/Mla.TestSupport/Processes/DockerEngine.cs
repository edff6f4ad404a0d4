using System.Net.Sockets;
using System.Text;

namespace Mla.TestSupport.Processes;

/// <summary>
/// Whether a Docker engine answers, so that the fixtures can use Testcontainers. Asked once per test process and
/// within about two seconds: never hangs on a dead socket. <c>MLA_TEST_DOCKER=0</c> skips Docker even when it
/// answers (to exercise the local-package path on a developer machine).
/// </summary>
public static class DockerEngine
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly Lazy<bool> Answer = new(Probe);

    public static bool IsAvailable => Answer.Value;

    private static bool Probe()
    {
        if (Environment.GetEnvironmentVariable("MLA_TEST_DOCKER") == "0")
        {
            return false;
        }

        var probe = Task.Run(PingAsync);
        return probe.Wait(Timeout + TimeSpan.FromSeconds(1)) && probe.Result;
    }

    private static async Task<bool> PingAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            if (!string.IsNullOrEmpty(dockerHost))
            {
                var uri = new Uri(dockerHost);
                return uri.Scheme switch
                {
                    "unix" => await PingUnixSocketAsync(uri.AbsolutePath, timeout.Token).ConfigureAwait(false),
                    // A TCP engine may want TLS: that it accepts connections is enough of an answer.
                    "tcp" => await TcpProbe.CanConnectAsync(uri.Host, uri.Port, Timeout, timeout.Token).ConfigureAwait(false),
                    _ => false,
                };
            }

            var runtimeDirectory = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            string[] sockets = ["/var/run/docker.sock", .. runtimeDirectory is null ? [] : new[] { Path.Combine(runtimeDirectory, "docker.sock") }];
            foreach (var socket in sockets.Where(File.Exists))
            {
                if (await PingUnixSocketAsync(socket, timeout.Token).ConfigureAwait(false))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or UriFormatException)
        {
            return false;
        }
    }

    /// <summary>GET /_ping on the engine's socket: "OK" means the daemon behind the socket is alive.</summary>
    private static async Task<bool> PingUnixSocketAsync(string path, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        await socket.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, received).Split('\n')[0];
        return statusLine.StartsWith("HTTP/1.", StringComparison.Ordinal) && statusLine.Contains(" 200 ", StringComparison.Ordinal);
    }
}

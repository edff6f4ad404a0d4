using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Mla.IntegrationTests.Rules;

/// <summary>An Alertmanager webhook receiver on 127.0.0.1: keeps the labels of every alert it was sent.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _alerts = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Alerts => [.. _alerts];

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var document = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                foreach (var alert in document.RootElement.GetProperty("alerts").EnumerateArray())
                {
                    _alerts.Enqueue(alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal));
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

using System.Net.Http.Json;

namespace Mla.TestSupport.Alertmanager;

/// <summary>
/// A real Prometheus Alertmanager for tests (the Debian package <c>prometheus-alertmanager</c>, 0.25 in Debian):
/// the one Alertmanager of the vmalert rules backend, alerts told apart by their <c>tenant</c> label. Post alerts
/// with <see cref="PostAlertsAsync"/>.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private readonly LocalAlertmanager _instance;
    private readonly HttpClient _http;

    private AlertmanagerServer(LocalAlertmanager instance)
    {
        _instance = instance;
        _http = new HttpClient { BaseAddress = instance.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The HTTP root (ends with "/"): the API is at <c>api/v2/…</c>.</summary>
    public Uri BaseUri => _instance.BaseUri;

    public string Description => _instance.Description;

    public static async Task<AlertmanagerServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new AlertmanagerServer(await LocalAlertmanager.StartAsync(cancellationToken).ConfigureAwait(false));
        ServerAnnouncement.Ready(server.Description, TimeSpan.Zero);
        return server;
    }

    /// <summary>Fires alerts (each a label set) that stay active for an hour.</summary>
    public async Task PostAlertsAsync(IEnumerable<IReadOnlyDictionary<string, string>> alerts, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var body = alerts.Select(labels => new { labels, annotations = new Dictionary<string, string>(), startsAt = now, endsAt = now.AddHours(1) }).ToList();
        using var response = await _http.PostAsJsonAsync(new Uri("api/v2/alerts", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _instance.DisposeAsync().ConfigureAwait(false);
    }
}

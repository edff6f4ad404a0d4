using System.Text.Json;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Alerting;

/// <summary>
/// A real Alertmanager for tests, from the local Debian package <c>prometheus-alertmanager</c> only: its
/// configuration is the test's own (<see cref="ConfigPath"/>, reloaded with <c>POST /-/reload</c>), so neither an
/// environment address nor a container would do. <see cref="AlertsAsync"/> reads <c>/api/v2/alerts</c>.
/// </summary>
public sealed class AlertmanagerServer : RestartableServer
{
    private readonly LocalAlertmanager _instance;
    private readonly HttpClient _http;

    private AlertmanagerServer(LocalAlertmanager instance, TimeSpan startupDuration)
        : base(instance, $"Alertmanager on {instance.BaseUri}", ServerSource.LocalProcess, startupDuration)
    {
        _instance = instance;
        _http = new HttpClient { BaseAddress = instance.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri => _instance.BaseUri;

    /// <summary>The configuration file the server reads (a null receiver at the start).</summary>
    public string ConfigPath => _instance.ConfigPath;

    public static async Task<AlertmanagerServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var instance = await LocalAlertmanager.StartAsync(cancellationToken).ConfigureAwait(false);
        var server = new AlertmanagerServer(instance, clock.Elapsed);
        ServerAnnouncement.Ready(server.Description, server.StartupDuration);
        return server;
    }

    /// <summary>The labels of every alert the Alertmanager holds (active, silenced and inhibited).</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> AlertsAsync(CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri("api/v2/alerts", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        return document.RootElement.EnumerateArray()
            .Select(a => (IReadOnlyDictionary<string, string>)a.GetProperty("labels").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>The configuration the server runs now (<c>/api/v2/status</c>), to check that a reload took.</summary>
    public async Task<string> RunningConfigAsync(CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri("api/v2/status", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        return document.RootElement.GetProperty("config").GetProperty("original").GetString() ?? string.Empty;
    }

    public override ValueTask DisposeAsync()
    {
        _http.Dispose();
        return base.DisposeAsync();
    }
}

using System.Text.Json;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.Alerting;

/// <summary>
/// A real vmalert for tests, from the local Debian package <c>victoria-metrics</c> only (its rule files are the
/// test's own, in <see cref="RulesDirectory"/>; reload with <c>GET /-/reload</c>). It evaluates every 2 s against
/// the given VictoriaMetrics, writes recorded series back to it (flushed every second) and notifies the given Alertmanager.
/// </summary>
public sealed class VmAlertServer : RestartableServer
{
    private readonly LocalVmAlert _instance;
    private readonly HttpClient _http;

    private VmAlertServer(LocalVmAlert instance, TimeSpan startupDuration)
        : base(instance, $"vmalert on {instance.BaseUri}", ServerSource.LocalProcess, startupDuration)
    {
        _instance = instance;
        _http = new HttpClient { BaseAddress = instance.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri => _instance.BaseUri;

    /// <summary>vmalert reads <c>*.yml</c> here (at the start and on every reload).</summary>
    public string RulesDirectory => _instance.RulesDirectory;

    public static async Task<VmAlertServer> StartAsync(Uri datasource, Uri alertmanager, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var instance = await LocalVmAlert.StartAsync(datasource, alertmanager, cancellationToken).ConfigureAwait(false);
        var server = new VmAlertServer(instance, clock.Elapsed);
        ServerAnnouncement.Ready(server.Description, server.StartupDuration);
        return server;
    }

    /// <summary>The names of the groups vmalert runs now (<c>/api/v1/rules</c>).</summary>
    public async Task<IReadOnlyList<string>> GroupNamesAsync(CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri("api/v1/rules", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        // vmalert 1.79 answers "groups": null when it runs none.
        var groups = document.RootElement.GetProperty("data").GetProperty("groups");
        return groups.ValueKind != JsonValueKind.Array ? [] : groups.EnumerateArray()
            .Select(g => g.GetProperty("name").GetString() ?? string.Empty)
            .ToList();
    }

    public override ValueTask DisposeAsync()
    {
        _http.Dispose();
        return base.DisposeAsync();
    }
}

using Mla.Grafana.Api;
using Mla.Grafana.Desired;
using Mla.Grafana.Sync;
using Mla.Grafana.TestServer;

namespace Mla.Grafana.Tests;

/// <summary>A fake Grafana and a sync pointed at it, with the shipped dashboards and two seeds.</summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    private readonly HttpClient _http;

    private SyncHarness(GrafanaTestServer grafana, HttpClient http, GrafanaSync sync, GrafanaApi api)
    {
        Grafana = grafana;
        _http = http;
        Sync = sync;
        Api = api;
    }

    public GrafanaTestServer Grafana { get; }

    public GrafanaSync Sync { get; }

    public GrafanaApi Api { get; }

    public GrafanaDesiredState Desired { get; } = new();

    public FixedReadTokens Tokens { get; private set; } = null!;

    /// <param name="orgPageSize">The sync's <c>perpage</c> of <c>GET /api/orgs</c>.</param>
    /// <param name="authProxy">Grafana behind KKP's auth proxy (<c>X-Forwarded-Email</c>) and the sync in auth-proxy mode.</param>
    public static async Task<SyncHarness> StartAsync(int orgPageSize = 1000, bool authProxy = false)
    {
        var grafana = await GrafanaTestServer.StartAsync(new GrafanaTestServerOptions { AuthProxyHeaderName = authProxy ? "X-Forwarded-Email" : null });
        var options = new GrafanaOptions
        {
            Url = grafana.Url.ToString(),
            AdminUser = grafana.Options.AdminLogin,
            AdminPassword = grafana.Options.AdminPassword,
            MaxWritesPerSecond = 1_000_000,
            OrgPageSize = orgPageSize,
            AuthProxy = authProxy,
            SeedReadUrls = { ["eu"] = "https://mla-eu.example.com/", ["us"] = "https://mla-us.example.com/" },
        };
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = new GrafanaApi(http, options, new WriteThrottle(options.MaxWritesPerSecond, TimeProvider.System));
        var tokens = new FixedReadTokens();
        var dashboards = DashboardFile.Load(Path.Combine(AppContext.BaseDirectory, "Dashboards"));
        var harness = new SyncHarness(grafana, http, new GrafanaSync(api, options, tokens, dashboards, TimeProvider.System), api) { Tokens = tokens };
        return harness;
    }

    public Task SyncAsync() => Sync.RunOnceAsync(Desired.Snapshot(), CancellationToken.None);

    /// <summary>Everything Grafana holds, as sorted lines: orgs, members and roles, datasources (url, token), dashboards, admins.</summary>
    public IReadOnlyList<string> Dump() => DumpOf(Grafana);

    /// <summary>Everything <paramref name="grafana"/> holds, as sorted lines (see <see cref="Dump"/>).</summary>
    public static IReadOnlyList<string> DumpOf(GrafanaTestServer grafana)
    {
        var s = grafana.State;
        lock (s.Gate)
        {
            var lines = new List<string>();
            foreach (var org in s.Orgs.Values)
            {
                lines.Add($"org {org.Name}");
                lines.AddRange(org.Members.Select(m => $"member {org.Name} {s.Users[m.Key].Login} {m.Value}"));
                lines.AddRange(s.DatasourcesOf(org.Id).Select(d => $"datasource {org.Name} {d.Uid} {d.Name} {d.Url} {d.SecureJsonData.GetValueOrDefault("httpHeaderValue1")}"));
                lines.AddRange(s.DashboardsOf(org.Id).Select(d => $"dashboard {org.Name} {d.Uid}"));
            }

            lines.AddRange(s.Users.Values.Where(u => u.IsGrafanaAdmin).Select(u => $"admin {u.Login}"));
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Grafana.DisposeAsync();
    }
}

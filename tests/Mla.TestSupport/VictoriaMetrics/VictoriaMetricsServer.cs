using System.Text.Json;
using Mla.TestSupport.Servers;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// A VictoriaMetrics (single node) for tests, from the first of: <c>MLA_TEST_VICTORIAMETRICS=http://host:port</c>,
/// Testcontainers (<c>victoriametrics/victoria-metrics</c>, when a Docker engine answers), the local Debian
/// package. Remote write at <see cref="RemoteWriteUrl"/>; helpers to query, export (count raw samples) and delete.
/// </summary>
/// <remarks>
/// VictoriaMetrics 1.79 makes a new series searchable ~1–2 s after the write, but a query that ran before that
/// (an empty answer) is cached for ~10 s: tests that poll for new series need deadlines well above 10 s.
/// </remarks>
public sealed class VictoriaMetricsServer : RestartableServer
{
    public const string EnvironmentVariable = EnvironmentVictoriaMetrics.Variable;

    private readonly IVictoriaMetricsInstance _instance;
    private readonly HttpClient _http;

    private VictoriaMetricsServer(IVictoriaMetricsInstance instance, ServerSource source, TimeSpan startupDuration)
        : base(instance, $"VictoriaMetrics on {instance.BaseUri}", source, startupDuration)
    {
        _instance = instance;
        _http = new HttpClient { BaseAddress = instance.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The HTTP root (ends with "/"); stays the same across a stop and start again.</summary>
    public Uri BaseUri => _instance.BaseUri;

    /// <summary>The Prometheus remote-write receiver: <c>/api/v1/write</c>.</summary>
    public Uri RemoteWriteUrl => new(BaseUri, "api/v1/write");

    /// <param name="ownInstance">
    /// True for a test that stops the server: skips <c>MLA_TEST_VICTORIAMETRICS</c> (a server that is not ours to
    /// stop), so that <see cref="RestartableServer.CanRestart"/> is always true.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<VictoriaMetricsServer> StartAsync(bool ownInstance = false, CancellationToken cancellationToken = default)
    {
        var (instance, source, duration) = await ServerWays.StartAsync<IVictoriaMetricsInstance>(
            ownInstance ? null : Environment.GetEnvironmentVariable(EnvironmentVariable),
            async address => await EnvironmentVictoriaMetrics.ConnectAsync(address, cancellationToken).ConfigureAwait(false),
            async () => await ContainerVictoriaMetrics.StartAsync(cancellationToken).ConfigureAwait(false),
            async () => await LocalVictoriaMetrics.StartAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var server = new VictoriaMetricsServer(instance, source, duration);
        ServerAnnouncement.Ready(server.Description, server.StartupDuration);
        return server;
    }

    /// <summary>
    /// An instant query (<c>/api/v1/query</c>); with <paramref name="extraLabel"/> (<c>tenant=A</c>) only that
    /// tenant's series are seen, as a multi-tenant reader would. Returns the result vector's <c>(labels, value)</c>.
    /// </summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(
        string promql,
        string? extraLabel = null,
        CancellationToken cancellationToken = default)
    {
        var uri = "api/v1/query?query=" + Uri.EscapeDataString(promql) + ExtraLabel(extraLabel);
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(uri, UriKind.Relative), cancellationToken).ConfigureAwait(false));
        var result = new List<(IReadOnlyDictionary<string, string>, double)>();
        foreach (var item in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            result.Add((labels, value));
        }

        return result;
    }

    /// <summary>The raw samples of the series matching <paramref name="match"/> (duplicates included), via <c>/api/v1/export</c>.</summary>
    public async Task<IReadOnlyList<ExportedSeries>> ExportAsync(string match, string? extraLabel = null, CancellationToken cancellationToken = default)
    {
        var uri = "api/v1/export?match[]=" + Uri.EscapeDataString(match) + ExtraLabel(extraLabel);
        var text = await _http.GetStringAsync(new Uri(uri, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var result = new List<ExportedSeries>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var labels = root.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            var values = root.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToList();
            var timestamps = root.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToList();
            result.Add(new ExportedSeries(labels, values, timestamps));
        }

        return result;
    }

    /// <summary>Distinct (series, timestamp) pairs matching <paramref name="match"/>: what at-least-once delivery must make complete.</summary>
    public async Task<IReadOnlySet<(string Series, long Timestamp)>> DistinctSamplesAsync(string match, string? extraLabel = null, CancellationToken cancellationToken = default) =>
        (await ExportAsync(match, extraLabel, cancellationToken).ConfigureAwait(false))
            .SelectMany(s => s.Timestamps.Select(t => (s.Key, t)))
            .ToHashSet();

    /// <summary>Raw samples matching <paramref name="match"/>, duplicates counted.</summary>
    public async Task<int> RawSampleCountAsync(string match, string? extraLabel = null, CancellationToken cancellationToken = default) =>
        (await ExportAsync(match, extraLabel, cancellationToken).ConfigureAwait(false)).Sum(s => s.Timestamps.Count);

    /// <summary>
    /// Deletes the series matching <paramref name="match"/> (<c>/api/v1/admin/tsdb/delete_series</c>). VictoriaMetrics
    /// 1.79 applies <paramref name="extraLabel"/> here too, so <c>extraLabel: "tenant=A"</c> deletes only A's series.
    /// </summary>
    public async Task DeleteSeriesAsync(string match, string? extraLabel = null, CancellationToken cancellationToken = default)
    {
        var uri = "api/v1/admin/tsdb/delete_series?match[]=" + Uri.EscapeDataString(match) + ExtraLabel(extraLabel);
        using var response = await _http.PostAsync(new Uri(uri, UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Writes samples in the Prometheus text format (<c>/api/v1/import/prometheus</c>), for checks of the fixture itself.</summary>
    public async Task ImportPrometheusAsync(string text, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(text);
        using var response = await _http.PostAsync(new Uri("api/v1/import/prometheus", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public override ValueTask DisposeAsync()
    {
        _http.Dispose();
        return base.DisposeAsync();
    }

    private static string ExtraLabel(string? extraLabel) =>
        extraLabel is null ? string.Empty : "&extra_label=" + Uri.EscapeDataString(extraLabel);
}

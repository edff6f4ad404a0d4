using System.Globalization;
using Mla.IntegrationTests.Support;
using Mla.TestSupport.Alertmanager;
using Mla.TestSupport.VictoriaMetrics;

namespace Mla.IntegrationTests.ReadPath;

/// <summary>
/// One real VictoriaMetrics and one real Alertmanager with data of tenants A, B and a deleted tenant D, and one gateway
/// whose read path reads both; started once for the read-path tests.
/// </summary>
public sealed class ReadPathFixture : IAsyncLifetime
{
    internal VictoriaMetricsServer Metrics { get; private set; } = null!;

    internal AlertmanagerServer Alertmanager { get; private set; } = null!;

    internal ReadPathGateway Gateway { get; private set; } = null!;

    /// <summary>
    /// A second gateway on the same stores with small per-query limits: <see cref="SeriesLimitA"/> series and
    /// <see cref="SamplesLimitA"/> samples per query for its tenant A (its own limits), the read path's defaults
    /// <see cref="SeriesLimitDefault"/> and <see cref="SamplesLimitDefault"/> for B. Both have <see cref="WideSeries"/>
    /// series of <c>mla_wide</c> with a sample every 15 s over the last 5 minutes.
    /// </summary>
    internal ReadPathGateway Limited { get; private set; } = null!;

    internal const int SeriesLimitA = 5;
    internal const int SamplesLimitA = 60;
    internal const int SeriesLimitDefault = 1000;
    internal const int SamplesLimitDefault = 100_000;
    internal const int WideSeries = 10;

    public async Task InitializeAsync()
    {
        Metrics = await VictoriaMetricsServer.StartAsync();
        Alertmanager = await AlertmanagerServer.StartAsync();
        Gateway = await ReadPathGateway.StartAsync(Metrics.BaseUri, Alertmanager.BaseUri);
        Limited = await ReadPathGateway.StartAsync(Metrics.BaseUri, null, (a, _) => new()
        {
            ["Mla:Gateway:ReadPath:MaxSeriesPerQuery"] = SeriesLimitDefault.ToString(CultureInfo.InvariantCulture),
            ["Mla:Gateway:ReadPath:MaxSamplesPerQuery"] = SamplesLimitDefault.ToString(CultureInfo.InvariantCulture),
            [$"Mla:Gateway:Tenants:{a}:Limits:Reads:MaxSeriesPerQuery"] = SeriesLimitA.ToString(CultureInfo.InvariantCulture),
            [$"Mla:Gateway:Tenants:{a}:Limits:Reads:MaxSamplesPerQuery"] = SamplesLimitA.ToString(CultureInfo.InvariantCulture),
        });
        var (a, b, d) = (Gateway.TenantA, Gateway.TenantB, Gateway.TenantDeleted);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var text = string.Join('\n', new[] { a, b, d }.SelectMany(t => new[]
        {
            $"up{{tenant=\"{t}\",job=\"node\"}} 1 {now}",
            $"mla_only_{t}{{tenant=\"{t}\"}} 7 {now}",
        })) + "\n";
        await Metrics.ImportPrometheusAsync(text);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var wide = string.Join('\n', new[] { Limited.TenantA, Limited.TenantB }.SelectMany(t =>
            Enumerable.Range(0, WideSeries).SelectMany(i => Enumerable.Range(0, 21).Select(s =>
                $"mla_wide{{tenant=\"{t}\",i=\"{i}\"}} {i} {(nowMs - (s * 15_000)).ToString(CultureInfo.InvariantCulture)}")))) + "\n";
        await Metrics.ImportPrometheusAsync(wide);
        await Alertmanager.PostAlertsAsync(new[] { a, b, d }.Select(t => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["alertname"] = "NodeDown_" + t,
            ["tenant"] = t,
            ["severity"] = "critical",
        }));

        using var admin = Gateway.Client(Gateway.AdminToken);
        await Eventually.WaitAsync(
            async () => await admin.GetStringAsync(new Uri("/prometheus/api/v1/query?query=" + Uri.EscapeDataString($"count by (tenant) ({{tenant=~\"{a}|{b}\"}})"), UriKind.Relative)),
            body => body.Contains(a, StringComparison.Ordinal) && body.Contains(b, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            body => $"the admin does not see both tenants yet: {body}");
        using var limitedAdmin = Limited.Client(Limited.AdminToken);
        await Eventually.WaitAsync(
            async () => await limitedAdmin.GetStringAsync(new Uri("/prometheus/api/v1/query?query=" + Uri.EscapeDataString($"count by (tenant) (mla_wide{{tenant=~\"{Limited.TenantA}|{Limited.TenantB}\"}})"), UriKind.Relative)),
            body => body.Contains($"\"{WideSeries}\"", StringComparison.Ordinal) && body.Contains(Limited.TenantA, StringComparison.Ordinal) && body.Contains(Limited.TenantB, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            body => $"the wide series are not searchable yet: {body}");
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Limited is not null)
        {
            await Limited.DisposeAsync();
        }

        if (Alertmanager is not null)
        {
            await Alertmanager.DisposeAsync();
        }

        if (Metrics is not null)
        {
            await Metrics.DisposeAsync();
        }
    }
}

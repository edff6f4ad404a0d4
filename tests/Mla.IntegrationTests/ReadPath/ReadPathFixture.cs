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

    public async Task InitializeAsync()
    {
        Metrics = await VictoriaMetricsServer.StartAsync();
        Alertmanager = await AlertmanagerServer.StartAsync();
        Gateway = await ReadPathGateway.StartAsync(Metrics.BaseUri, Alertmanager.BaseUri);
        var (a, b, d) = (Gateway.TenantA, Gateway.TenantB, Gateway.TenantDeleted);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var text = string.Join('\n', new[] { a, b, d }.SelectMany(t => new[]
        {
            $"up{{tenant=\"{t}\",job=\"node\"}} 1 {now}",
            $"mla_only_{t}{{tenant=\"{t}\"}} 7 {now}",
        })) + "\n";
        await Metrics.ImportPrometheusAsync(text);
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
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
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

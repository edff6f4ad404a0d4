using System.Globalization;
using System.Text.RegularExpressions;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Grafana.TestServer;

namespace Mla.Grafana.Tests;

/// <summary>Mla.Grafana's series on <c>/metrics</c>: run durations, writes by kind, errors, what it manages, the last success.</summary>
public sealed partial class GrafanaMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_sync_shows_writes_by_kind_orgs_and_datasources_managed_the_last_success_and_an_outage_counts_as_error()
    {
        await using var grafana = await GrafanaTestServer.StartAsync();
        await using var service = await GrafanaServiceHost.StartAsync(grafana, new Dictionary<string, string?> { ["Mla:Grafana:RetryBackOff"] = "00:00:00.200" });
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await service.Bus.Publish(new ProjectCreated("e1", "test", T0, new ProjectState("p1", "shop", [new ProjectMember("ann@example.com", ProjectRole.Owner)])));
        await service.Bus.Publish(new ClusterCreated("e2", "test", T0, new ClusterState("c1", "one", "eu", "p1", "Running", true, true, new Dictionary<string, string>())));
        Assert.True(await GrafanaServiceHost.EventuallyAsync(() => DatasourceCount(grafana) == 6 && service.Status.LastSuccess is not null && service.Status.LastError is null, TimeSpan.FromSeconds(60)));
        Assert.True(await EventuallyValueAsync(http, "mla_grafana_datasources_managed", v => v == 6));

        var metrics = await http.GetStringAsync("metrics");
        Assert.Equal(1, Value(metrics, "mla_grafana_orgs_managed"));
        Assert.Equal(6, Value(metrics, "mla_grafana_datasources_managed")); // 3 for the cluster, 3 for its seed in the admin org
        Assert.True(Value(metrics, "mla_grafana_writes_total{kind=\"org\"}") >= 2); // the project org and the admin org
        Assert.True(Value(metrics, "mla_grafana_writes_total{kind=\"datasource\"}") >= 6);
        Assert.True(Value(metrics, "mla_grafana_writes_total{kind=\"user\"}") >= 1);
        Assert.True(Value(metrics, "mla_grafana_writes_total{kind=\"dashboard\"}") >= 10);
        Assert.True(Value(metrics, "mla_grafana_sync_duration_seconds_count{outcome=\"ok\"}") >= 1);
        Assert.InRange(Value(metrics, "mla_grafana_last_success_timestamp_seconds"), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());

        grafana.Down = true;
        await service.Bus.Publish(new ProjectUpdated("e3", "test", T0.AddMinutes(1), new ProjectState("p1", "webshop", [])));
        Assert.True(await EventuallyValueAsync(http, "mla_grafana_sync_errors_total{reason=\"unavailable\"}", v => v >= 1));
        grafana.Down = false;
    }

    private static int DatasourceCount(GrafanaTestServer grafana)
    {
        lock (grafana.State.Gate)
        {
            return grafana.State.Datasources.Count();
        }
    }

    private static async Task<bool> EventuallyValueAsync(HttpClient http, string series, Func<double, bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (condition(Value(await http.GetStringAsync("metrics"), series)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The value of one series in the text exposition; NaN when absent.</summary>
    private static double Value(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (match.Success && match.Groups["series"].Value == series)
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }

    [GeneratedRegex(@"^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (?<value>\S+)")]
    private static partial Regex SampleLine();
}

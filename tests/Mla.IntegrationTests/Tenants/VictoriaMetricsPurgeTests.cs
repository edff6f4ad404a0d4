using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mla.IntegrationTests.Support;
using Mla.Tenants;
using Mla.Tenants.Purge;
using Mla.TestSupport.VictoriaMetrics;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Tenants;

/// <summary>
/// The purge of a deprovisioned tenant against a real VictoriaMetrics (single node, tenant = extra label, as the writer
/// stores it): the tenant's series are gone, verified by the purge and by our own export; the other tenant's stay.
/// A VictoriaMetrics of its own (class fixture), since the test deletes series.
/// </summary>
public sealed class VictoriaMetricsPurgeTests(VictoriaMetricsFixture victoria, ITestOutputHelper output) : IClassFixture<VictoriaMetricsFixture>
{
    private const string EverySeries = "{__name__=~\".+\"}";

    [Fact]
    public async Task Purging_tenant_a_deletes_all_its_series_including_one_written_just_before_and_leaves_tenant_b_intact()
    {
        var vm = victoria.Server;
        var run = Guid.NewGuid().ToString("N")[..12];
        var (a, b) = ($"purge-a-{run}", $"purge-b-{run}");
        using var http = new HttpClient { BaseAddress = vm.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        await ImportAsync(http, a, $"purge_check_up{{job=\"x\"}} 1\npurge_check_cpu{{job=\"x\",mode=\"idle\"}} 2\n");
        await ImportAsync(http, b, "purge_check_up{job=\"x\"} 1\n");
        await Eventually.WaitAsync(() => vm.ExportAsync(EverySeries, $"tenant={a}"), s => s.Count == 2, TimeSpan.FromSeconds(30), s => $"{s.Count} of 2 series of {a}");
        await Eventually.WaitAsync(() => vm.ExportAsync(EverySeries, $"tenant={b}"), s => s.Count == 1, TimeSpan.FromSeconds(30), s => $"{s.Count} of 1 series of {b}");

        // Written right before the purge (a writer that had not stopped yet): not searchable yet when the first delete runs.
        await ImportAsync(http, a, "purge_check_late{job=\"x\"} 3\n");
        await using var provider = Services(vm.BaseUri);
        var purge = await provider.GetRequiredService<ITenantDataPurge>().PurgeAsync(a, CancellationToken.None);

        var store = Assert.Single(purge.Stores);
        output.WriteLine($"{victoria.Description}; purge of {a}: {store.Detail}");
        Assert.True(store.Verified, store.Detail);
        Assert.True(purge.Verified);
        Assert.NotNull(purge.CompletedAt);
        Assert.Equal(("victoriametrics", PurgeStoreKinds.VictoriaMetrics, "metrics"), (store.Store, store.Kind, store.Signal));
        Assert.Empty(await vm.ExportAsync(EverySeries, $"tenant={a}"));
        Assert.Empty(await vm.ExportAsync("{__name__=~\"purge_check_.+\",tenant=\"" + a + "\"}"));
        var kept = Assert.Single(await vm.ExportAsync(EverySeries, $"tenant={b}"));
        Assert.Equal("purge_check_up", kept.Labels["__name__"]);
        Assert.Equal([1.0], kept.Values);

        await vm.DeleteSeriesAsync(EverySeries, $"tenant={b}");
    }

    [Fact]
    public async Task Purging_a_tenant_without_series_is_a_verified_no_op()
    {
        await using var provider = Services(victoria.Server.BaseUri, quietPeriod: TimeSpan.Zero);

        var purge = await provider.GetRequiredService<ITenantDataPurge>().PurgeAsync($"purge-none-{Guid.NewGuid():N}", CancellationToken.None);

        Assert.True(purge.Verified, Assert.Single(purge.Stores).Detail);
        Assert.Contains("deleted 0 series", Assert.Single(purge.Stores).Detail, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Uri victoriaMetrics, TimeSpan? quietPeriod = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Prometheus.IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        services.AddSingleton(Options.Create(new TenantsOptions
        {
            PurgeDataOnDelete = true,
            Purge = new PurgeOptions
            {
                VerifyTimeout = TimeSpan.FromSeconds(60),
                VerifyInterval = TimeSpan.FromMilliseconds(500),
                VerifyQuietPeriod = quietPeriod ?? TimeSpan.FromSeconds(15),
                Stores = { ["victoriametrics"] = new PurgeStoreOptions { Kind = PurgeStoreKinds.VictoriaMetrics, Url = victoriaMetrics.ToString() } },
            },
        }));
        services.AddTenantDataPurge();
        return services.BuildServiceProvider();
    }

    /// <summary>As the writer stores a tenant's series: <c>?extra_label=tenant=&lt;id&gt;</c>.</summary>
    private static async Task ImportAsync(HttpClient http, string tenant, string text)
    {
        using var content = new StringContent(text);
        using var response = await http.PostAsync(
            new Uri("api/v1/import/prometheus?extra_label=" + Uri.EscapeDataString($"tenant={tenant}"), UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }
}

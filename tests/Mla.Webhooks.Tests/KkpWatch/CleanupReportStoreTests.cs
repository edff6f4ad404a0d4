using Mla.Webhooks.KkpWatch;
using Mla.Webhooks.Tests.Catalog;

namespace Mla.Webhooks.Tests.KkpWatch;

/// <summary>The barrier holds only with a report newer than the last time MLA was switched on for the cluster.</summary>
public sealed class CleanupReportStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Tenants = [CleanupReporters.Tenants];

    [Fact]
    public async Task No_report_means_not_clean_and_no_barrier_means_clean()
    {
        await using var catalog = await TemporaryCatalog.CreateAsync();
        var store = new CleanupReportStore(catalog.Database);

        Assert.False(await store.IsCleanAsync("c1", Tenants, CancellationToken.None));
        Assert.True(await store.IsCleanAsync("c1", [], CancellationToken.None));
    }

    [Fact]
    public async Task A_report_after_mla_went_on_holds_and_one_from_before_does_not()
    {
        await using var catalog = await TemporaryCatalog.CreateAsync();
        var store = new CleanupReportStore(catalog.Database);

        await store.ReportCleanedAsync("c1", CleanupReporters.Tenants, T0, CancellationToken.None);
        await store.ArmAsync("c1", T0.AddMinutes(1), CancellationToken.None);
        Assert.False(await store.IsCleanAsync("c1", Tenants, CancellationToken.None));

        await store.ReportCleanedAsync("c1", CleanupReporters.Tenants, T0.AddMinutes(2), CancellationToken.None);
        Assert.True(await store.IsCleanAsync("c1", Tenants, CancellationToken.None));
        Assert.False(await store.IsCleanAsync("c2", Tenants, CancellationToken.None));
    }

    [Fact]
    public async Task A_late_older_report_does_not_replace_a_newer_one()
    {
        await using var catalog = await TemporaryCatalog.CreateAsync();
        var store = new CleanupReportStore(catalog.Database);

        await store.ArmAsync("c1", T0, CancellationToken.None);
        await store.ReportCleanedAsync("c1", CleanupReporters.Tenants, T0.AddMinutes(5), CancellationToken.None);
        await store.ReportCleanedAsync("c1", CleanupReporters.Tenants, T0.AddMinutes(-5), CancellationToken.None);

        Assert.True(await store.IsCleanAsync("c1", Tenants, CancellationToken.None));
    }
}

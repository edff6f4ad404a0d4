using Mla.Tenants.Tests.Fakes;

namespace Mla.Tenants.Tests.Credentials;

public sealed class RenewalTests : IDisposable
{
    private readonly ReconcilerHarness _harness = new(new TenantsOptions { CertificateLifetime = TimeSpan.FromDays(90) });

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_certificate_is_renewed_at_two_thirds_of_its_lifetime_and_the_old_one_stays_valid()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        var first = Assert.Single(await _harness.Store.ListCertificatesAsync("c1", default));
        Assert.Equal(ReconcilerHarness.Start.AddDays(90), first.NotAfter, TimeSpan.FromSeconds(1));

        _harness.Clock.Advance(TimeSpan.FromDays(59));
        Assert.Equal(0, await _harness.Reconciler.RenewDueAsync(default));

        _harness.Clock.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal(1, await _harness.Reconciler.RenewDueAsync(default));
        Assert.Equal(0, await _harness.Reconciler.RenewDueAsync(default));

        var certificates = await _harness.Store.ListCertificatesAsync("c1", default);
        Assert.Equal(2, certificates.Count);
        Assert.NotEqual(first.Serial, certificates[0].Serial);
        Assert.All(certificates, c => Assert.Null(c.RevokedAt));
        Assert.True(certificates[1].NotAfter > _harness.Clock.GetUtcNow(), "the old certificate is still within its lifetime");
        Assert.Equal(2, _harness.Issued);
    }

    [Fact]
    public async Task Deleted_tenants_are_not_renewed()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(1), deleted: true);

        _harness.Clock.Advance(TimeSpan.FromDays(80));

        Assert.Equal(0, await _harness.Reconciler.RenewDueAsync(default));
    }
}

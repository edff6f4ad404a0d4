using Mla.Contracts.Tenants;
using Mla.Tenants.Credentials;
using Mla.Tenants.Reconciliation;
using Mla.Tenants.Tests.Fakes;

namespace Mla.Tenants.Tests.Reconciliation;

/// <summary>Revocation first (announced), then — with purge on — the purge, and Deleted only once it is verified.</summary>
public sealed class DeprovisioningTests : IDisposable
{
    private readonly RecordingPurge _purge = new();
    private readonly ReconcilerHarness _on;
    private readonly ReconcilerHarness _off = new();

    public DeprovisioningTests() => _on = new ReconcilerHarness(new TenantsOptions { PurgeDataOnDelete = true }, _purge);

    public void Dispose()
    {
        _on.Dispose();
        _off.Dispose();
    }

    [Fact]
    public async Task A_ready_tenant_gets_a_token_whose_hash_is_announced_and_whose_value_only_the_store_holds_sealed()
    {
        await _off.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);

        var token = await _off.Store.GetTokenAsync("c1", default);
        var provisioned = Assert.IsType<TenantProvisioned>(Assert.Single(_off.Events.Published));
        var plain = _off.Tokens.Open(token!);
        Assert.StartsWith("mla_", plain, StringComparison.Ordinal);
        Assert.DoesNotContain(plain, token!.EncryptedToken, StringComparison.Ordinal);
        Assert.Equal(TenantTokens.Sha256Hex(plain), provisioned.Tenant.TokenSha256);
        Assert.Equal([provisioned.Tenant.CertificateSerial], provisioned.Tenant.AcceptedCertificates.Select(c => c.Serial));
    }

    [Fact]
    public async Task With_purge_off_a_deleted_cluster_is_Deleted_at_once_and_the_event_says_the_data_stays()
    {
        await _off.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);

        await _off.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(1), deleted: true);

        var published = _off.Events.Published.ToList();
        var started = Assert.IsType<TenantDeprovisioningStarted>(published[1]);
        var done = Assert.IsType<TenantDeprovisioned>(published[2]);
        Assert.Equal((TenantStatus.Deprovisioning, 0, null), (started.Tenant.Status, started.Tenant.AcceptedCertificates.Count, started.Tenant.TokenSha256));
        Assert.False(done.Purge.Enabled);
        Assert.Equal(TenantStatus.Deleted, done.Tenant.Status);
        Assert.Equal(TenantStatus.Deleted, (await _off.Store.GetAsync("c1", default))!.Status);
        Assert.Null(await _off.Store.GetTokenAsync("c1", default));
        Assert.All(await _off.Store.ListCertificatesAsync("c1", default), c => Assert.NotNull(c.RevokedAt));
    }

    [Fact]
    public async Task With_purge_on_the_tenant_stays_Deprovisioning_until_the_purge_is_verified()
    {
        await _on.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        await _on.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(1), deleted: true);
        Assert.Equal(TenantStatus.Deprovisioning, (await _on.Store.GetAsync("c1", default))!.Status);
        Assert.Empty(_purge.Calls);

        _purge.Verified = false;
        var first = await _on.Reconciler.FinishDeprovisioningAsync("c1", default);
        Assert.False(first!.Verified);
        Assert.Equal(TenantStatus.Deprovisioning, (await _on.Store.GetAsync("c1", default))!.Status);

        _purge.Verified = true;
        var second = await _on.Reconciler.FinishDeprovisioningAsync("c1", default);

        Assert.True(second!.Verified);
        Assert.Equal(["c1", "c1"], _purge.Calls);
        Assert.Equal(TenantStatus.Deleted, (await _on.Store.GetAsync("c1", default))!.Status);
        var done = Assert.IsType<TenantDeprovisioned>(_on.Events.Published.Last());
        Assert.True(done.Purge.Verified);
        Assert.NotNull(done.Purge.CompletedAt);
        Assert.Null(await _on.Reconciler.FinishDeprovisioningAsync("c1", default));
    }

    [Fact]
    public async Task The_same_delete_again_announces_nothing_new()
    {
        await _on.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        await _on.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(1), deleted: true);
        var (events, writes) = (_on.Events.Published.Count, _on.Writes);

        var outcome = await _on.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(1), deleted: true);

        Assert.Equal(ReconcileOutcome.Unchanged, outcome);
        Assert.Equal((events, writes), (_on.Events.Published.Count, _on.Writes));
    }

    [Fact]
    public async Task Switching_MLA_back_on_while_deprovisioning_makes_it_Ready_with_new_credentials_and_no_purge()
    {
        await _on.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        var firstToken = (await _on.Store.GetTokenAsync("c1", default))!.Sha256;
        await _on.ApplyAsync(ReconcilerHarness.Cluster("c1", monitoring: false), ReconcilerHarness.Start.AddMinutes(1));

        await _on.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(2));

        Assert.Equal(TenantStatus.Ready, (await _on.Store.GetAsync("c1", default))!.Status);
        Assert.Null(await _on.Reconciler.FinishDeprovisioningAsync("c1", default));
        Assert.Empty(_purge.Calls);
        var provisioned = Assert.IsType<TenantProvisioned>(_on.Events.Published.Last());
        Assert.NotEqual(firstToken, provisioned.Tenant.TokenSha256);
        Assert.Equal(ReconcilerHarness.Start, provisioned.Tenant.LastDeprovisionedAt);
        Assert.Single(provisioned.Tenant.AcceptedCertificates);
    }

    [Fact]
    public async Task A_renewal_announces_both_the_new_and_the_old_certificate_as_accepted()
    {
        var harness = new ReconcilerHarness(new TenantsOptions { CertificateLifetime = TimeSpan.FromDays(90) });
        using var _ = harness;
        await harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        harness.Clock.Advance(TimeSpan.FromDays(61));

        Assert.Equal(1, await harness.Reconciler.RenewDueAsync(default));

        var changed = Assert.IsType<TenantCredentialsChanged>(harness.Events.Published.Last());
        Assert.Equal(2, changed.Tenant.AcceptedCertificates.Count);
        Assert.Equal(changed.Tenant.CertificateSerial, changed.Tenant.AcceptedCertificates[0].Serial);
        Assert.Equal(0, await harness.Reconciler.RenewDueAsync(default));
    }
}

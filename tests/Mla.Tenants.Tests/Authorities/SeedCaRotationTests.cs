using System.Security.Cryptography.X509Certificates;
using Mla.Contracts.Tenants;
using Mla.Tenants.Authorities;
using Mla.Tenants.Tests.Fakes;

namespace Mla.Tenants.Tests.Authorities;

/// <summary>A seed CA rotation's steps: new CA trusted beside the old, every tenant re-issued, old CA retired once nothing accepted chains to it.</summary>
public sealed class SeedCaRotationTests : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private readonly ReconcilerHarness _harness = new(new TenantsOptions { CaRotation = { GracePeriod = Grace } });

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_seed_without_a_CA_cannot_be_rotated()
    {
        var start = await _harness.Rotations.StartAsync("nowhere", default);

        Assert.Equal(CaRotationStartOutcome.UnknownSeed, start.Outcome);
        Assert.Empty(await _harness.AuthorityStore.ListRotationsAsync(null, runningOnly: false, default));
    }

    [Fact]
    public async Task A_rotation_goes_from_reissuing_to_draining_to_completed_and_touches_no_other_seed()
    {
        await ClustersAsync(("c1", "eu-1"), ("c2", "eu-1"), ("c3", "eu-1"), ("u1", "us-1"));
        var usBefore = await _harness.Store.ListCertificatesAsync("u1", default);
        _harness.Events.Published.Clear();

        var start = await _harness.Rotations.StartAsync("eu-1", default);

        Assert.Equal(CaRotationStartOutcome.Started, start.Outcome);
        var rotation = start.Rotation!;
        Assert.Equal((1, 2, CaRotationState.Reissuing), (rotation.FromGeneration, rotation.ToGeneration, rotation.State));
        Assert.Equal([(2, AuthorityState.Active), (1, AuthorityState.Retiring)], await StatesAsync("eu-1"));
        var trusted = Assert.IsType<SeedAuthoritiesChanged>(Assert.Single(_harness.Events.Published));
        Assert.Equal([2, 1], trusted.Authorities.Select(a => a.Generation));

        // Reissuing → Draining: every Ready tenant of the seed holds a certificate of generation 2, the old ones stay accepted.
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        rotation = await _harness.Rotations.AdvanceAsync(rotation, default);
        Assert.Equal((CaRotationState.Draining, 3, 3), (rotation.State, rotation.TenantsTotal, rotation.TenantsReissued));
        Assert.Equal(_harness.Clock.GetUtcNow() + Grace, rotation.DrainAfter!.Value, TimeSpan.FromMilliseconds(1));
        foreach (var tenant in new[] { "c1", "c2", "c3" })
        {
            var certificates = await _harness.Store.ListCertificatesAsync(tenant, default);
            Assert.Equal([2, 1], certificates.Select(c => c.AuthorityGeneration));
            Assert.All(certificates, c => Assert.Null(c.RevokedAt));
            await AssertIssuedByAsync(certificates[0], "eu-1", 2);
        }

        var changed = _harness.Events.Published.OfType<TenantCredentialsChanged>().ToList();
        Assert.Equal(["c1", "c2", "c3"], changed.Select(e => e.Tenant.Id).Order(StringComparer.Ordinal));
        Assert.All(changed, e => Assert.Equal(2, e.Tenant.AcceptedCertificates.Count));
        Assert.Equal(usBefore, await _harness.Store.ListCertificatesAsync("u1", default));

        // Within the grace period nothing more happens, however often it is checked.
        _harness.Events.Published.Clear();
        var writes = _harness.Writes;
        _harness.Clock.Advance(Grace - TimeSpan.FromMinutes(1));
        rotation = await _harness.Rotations.AdvanceAsync(rotation, default);
        Assert.Equal(CaRotationState.Draining, rotation.State);
        Assert.Empty(_harness.Events.Published);
        Assert.Equal(writes, _harness.Writes);

        // After it: the old certificates are revoked, then the old CA is retired and no longer trusted.
        _harness.Clock.Advance(TimeSpan.FromMinutes(2));
        rotation = await _harness.Rotations.AdvanceAsync(rotation, default);
        Assert.Equal(CaRotationState.Completed, rotation.State);
        Assert.NotNull(rotation.FinishedAt);
        Assert.Equal([(2, AuthorityState.Active), (1, AuthorityState.Retired)], await StatesAsync("eu-1"));
        var retired = Assert.Single(_harness.Events.Published.OfType<SeedAuthoritiesChanged>());
        Assert.Equal([2], retired.Authorities.Select(a => a.Generation));
        var revoked = _harness.Events.Published.OfType<TenantCredentialsChanged>().ToList();
        Assert.Equal(3, revoked.Count);
        Assert.All(revoked, e => Assert.Single(e.Tenant.AcceptedCertificates));
        Assert.All(await _harness.Store.ListSeedCertificatesAsync("eu-1", default), c => Assert.Equal(c.AuthorityGeneration == 1, c.RevokedAt is not null));
        Assert.Equal(rotation, await _harness.AuthorityStore.GetRotationAsync(rotation.Id, default));
    }

    [Fact]
    public async Task A_second_rotation_while_one_runs_names_the_running_one_and_one_after_it_completed_starts()
    {
        await ClustersAsync(("c1", "eu-1"));
        var first = (await _harness.Rotations.StartAsync("eu-1", default)).Rotation!;

        var second = await _harness.Rotations.StartAsync("eu-1", default);

        Assert.Equal(CaRotationStartOutcome.AlreadyRunning, second.Outcome);
        Assert.Equal(first.Id, second.Rotation!.Id);
        await _harness.Rotations.AdvanceAllAsync(default);
        _harness.Clock.Advance(Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _harness.Rotations.AdvanceAllAsync(default));
        var third = await _harness.Rotations.StartAsync("eu-1", default);
        Assert.Equal(CaRotationStartOutcome.Started, third.Outcome);
        Assert.Equal((2, 3), (third.Rotation!.FromGeneration, third.Rotation.ToGeneration));
        Assert.Equal([(3, AuthorityState.Active), (2, AuthorityState.Retiring), (1, AuthorityState.Retired)], await StatesAsync("eu-1"));
    }

    [Fact]
    public async Task Passes_are_idempotent_and_a_stale_copy_never_moves_a_rotation_back()
    {
        await ClustersAsync(("c1", "eu-1"), ("c2", "eu-1"));
        var started = (await _harness.Rotations.StartAsync("eu-1", default)).Rotation!;
        var draining = await _harness.Rotations.AdvanceAsync(started, default);
        var issued = _harness.Issued;

        // A replica that still holds the Reissuing copy re-issues nothing and does not undo Draining.
        var fromStale = await _harness.Rotations.AdvanceAsync(started, default);

        Assert.Equal(issued, _harness.Issued);
        Assert.Equal(CaRotationState.Draining, (await _harness.AuthorityStore.GetRotationAsync(started.Id, default))!.State);
        Assert.Equal(CaRotationState.Reissuing, fromStale.State);
        _harness.Clock.Advance(Grace + TimeSpan.FromSeconds(1));
        var completed = await _harness.Rotations.AdvanceAsync(draining, default);
        Assert.Equal(CaRotationState.Completed, completed.State);
        Assert.Equal(completed, await _harness.Rotations.AdvanceAsync(completed, default));
        Assert.Equal(CaRotationState.Completed, (await _harness.Rotations.AdvanceAsync(draining, default)).State);
        Assert.Equal(CaRotationState.Completed, (await _harness.AuthorityStore.GetRotationAsync(started.Id, default))!.State);
    }

    [Fact]
    public async Task The_old_CA_is_retired_before_the_grace_period_ends_when_none_of_its_certificates_is_accepted_any_more()
    {
        using var harness = new ReconcilerHarness(new TenantsOptions { CertificateLifetime = TimeSpan.FromHours(3), CaRotation = { GracePeriod = TimeSpan.FromDays(7) } });
        await harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        var rotation = await harness.Rotations.AdvanceAsync((await harness.Rotations.StartAsync("eu-1", default)).Rotation!, default);
        Assert.Equal(CaRotationState.Draining, rotation.State);

        harness.Clock.Advance(TimeSpan.FromHours(3.1));
        rotation = await harness.Rotations.AdvanceAsync(rotation, default);

        Assert.Equal(CaRotationState.Completed, rotation.State);
        Assert.Equal(AuthorityState.Retired, (await harness.AuthorityStore.ListAsync("eu-1", default)).Single(a => a.Generation == 1).State);
        Assert.Equal(0, harness.Metrics.CertificatesRevoked.Value);
    }

    [Fact]
    public async Task A_tenant_provisioned_during_the_rotation_and_later_renewals_get_certificates_of_the_new_CA()
    {
        await ClustersAsync(("c1", "eu-1"));
        var rotation = (await _harness.Rotations.StartAsync("eu-1", default)).Rotation!;

        await ClustersAsync(("c2", "eu-1"));
        rotation = await _harness.Rotations.AdvanceAsync(rotation, default);

        Assert.Equal(2, rotation.TenantsReissued);
        Assert.Equal([2], (await _harness.Store.ListCertificatesAsync("c2", default)).Select(c => c.AuthorityGeneration));
        _harness.Clock.Advance(TimeSpan.FromDays(61));
        Assert.Equal(2, await _harness.Reconciler.RenewDueAsync(default));
        foreach (var tenant in new[] { "c1", "c2" })
        {
            var newest = (await _harness.Store.ListCertificatesAsync(tenant, default))[0];
            Assert.Equal((2, _harness.Clock.GetUtcNow()), (newest.AuthorityGeneration, newest.IssuedAt));
        }
    }

    private async Task ClustersAsync(params (string Id, string Seed)[] clusters)
    {
        foreach (var (id, seed) in clusters)
        {
            await _harness.ApplyAsync(ReconcilerHarness.Cluster(id, seed: seed), ReconcilerHarness.Start);
        }
    }

    private async Task<List<(int, AuthorityState)>> StatesAsync(string seed) =>
        [.. (await _harness.AuthorityStore.ListAsync(seed, default)).Select(a => (a.Generation, a.State))];

    /// <summary>The certificate chains to the seed's CA of that generation (its signature, not only the issuer name).</summary>
    private async Task AssertIssuedByAsync(Store.CertificateRecord record, string seed, int generation)
    {
        var authority = (await _harness.AuthorityStore.ListAsync(seed, default)).Single(a => a.Generation == generation);
        using var ca = X509Certificate2.CreateFromPem(authority.CertificatePem);
        using var certificate = X509Certificate2.CreateFromPem(record.CertificatePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _harness.Clock.GetUtcNow().UtcDateTime;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }
}

using Mla.Contracts.Tenants;
using Mla.Tenants.Credentials;
using Mla.Tenants.Tests.Fakes;

namespace Mla.Tenants.Tests.Credentials;

/// <summary>A tenant's read token: distinct from its write token, announced by hash only, revoked and renewed with the tenant.</summary>
public sealed class ReadTokenTests : IDisposable
{
    private readonly ReconcilerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_ready_tenant_gets_a_read_token_distinct_from_its_write_token_announced_by_hash_and_stored_sealed()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);

        var write = _harness.Tokens.Open((await _harness.Store.GetTokenAsync("c1", default))!);
        var stored = (await _harness.Store.GetReadTokenAsync("c1", default))!;
        var read = _harness.Tokens.OpenRead(stored);
        var provisioned = Assert.IsType<TenantProvisioned>(Assert.Single(_harness.Events.Published));
        Assert.StartsWith("mlar_", read, StringComparison.Ordinal);
        Assert.NotEqual(write, read);
        Assert.DoesNotContain(read, stored.EncryptedToken, StringComparison.Ordinal);
        Assert.Equal(TenantTokens.Sha256Hex(read), provisioned.Tenant.ReadTokenSha256);
        Assert.NotEqual(provisioned.Tenant.TokenSha256, provisioned.Tenant.ReadTokenSha256);
        // Sealed under its own context: the write token's context cannot open it.
        Assert.ThrowsAny<Exception>(() => _harness.Tokens.Open(stored));
    }

    [Fact]
    public async Task A_deleted_tenant_loses_its_read_token_and_a_new_life_gets_a_new_one()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        var first = (await _harness.Store.GetReadTokenAsync("c1", default))!.Sha256;

        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(1), deleted: true);

        Assert.Null(await _harness.Store.GetReadTokenAsync("c1", default));
        var started = Assert.IsType<TenantDeprovisioningStarted>(_harness.Events.Published.ElementAt(1));
        Assert.Null(started.Tenant.ReadTokenSha256);

        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start.AddMinutes(2));

        var provisioned = Assert.IsType<TenantProvisioned>(_harness.Events.Published.Last());
        Assert.NotNull(provisioned.Tenant.ReadTokenSha256);
        Assert.NotEqual(first, provisioned.Tenant.ReadTokenSha256);
    }

    [Fact]
    public async Task An_unchanged_cluster_again_issues_no_new_read_token()
    {
        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);
        var first = (await _harness.Store.GetReadTokenAsync("c1", default))!.Sha256;
        var writes = _harness.Writes;

        await _harness.ApplyAsync(ReconcilerHarness.Cluster("c1"), ReconcilerHarness.Start);

        Assert.Equal(first, (await _harness.Store.GetReadTokenAsync("c1", default))!.Sha256);
        Assert.Equal(writes, _harness.Writes);
    }
}

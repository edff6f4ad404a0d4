using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mla.Certificates;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Gateway.Auth;
using Mla.Gateway.Observability;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tests.Auth;
using Mla.Gateway.Tests.Support;
using Mla.Gateway.Tls;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Mla.Gateway.Tests.Tenants;

/// <summary>The tenant table fed by the tenant service: ordering of list and events, and what a certificate must be.</summary>
public sealed class TenantFeedTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly CertificateAuthority _seedEu;
    private readonly CertificateAuthority _seedUs;
    private readonly TenantDirectory _directory = new();
    private readonly ClientTrust _trust = new(ClientCaBundle.Empty());
    private readonly TenantFeed _feed;
    private readonly GatewayMetrics _metrics = new(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));

    public TenantFeedTests()
    {
        var earlier = new FakeTimeProvider(_time.GetUtcNow().AddDays(-3));
        _seedEu = CertificateAuthority.Create("MLA tenants CA eu", TimeSpan.FromDays(30), earlier);
        _seedUs = CertificateAuthority.Create("MLA tenants CA us", TimeSpan.FromDays(30), earlier);
        _trust.SetSeedAuthorities("eu", _seedEu.Certificate.ExportCertificatePem(), T0);
        _trust.SetSeedAuthorities("us", _seedUs.Certificate.ExportCertificatePem(), T0);
        _feed = new TenantFeed(_directory, MsOptions.Create(new GatewayOptions()), _metrics, NullLogger<TenantFeed>.Instance);
    }

    [Fact]
    public void A_newer_event_wins_over_the_listing_and_an_older_one_is_ignored()
    {
        _feed.ApplyListing([State("a", TenantStatus.Ready, "eu", serials: ["01"])], T0);

        Assert.True(_feed.Apply(State("a", TenantStatus.Deleted, "eu"), T0.AddSeconds(5)));
        Assert.False(_feed.Apply(State("a", TenantStatus.Ready, "eu", serials: ["01"]), T0.AddSeconds(1)));

        Assert.True(_directory.Current.TryGet("a", out var tenant));
        Assert.True(tenant.Disabled);
        Assert.Contains("Deleted", tenant.DisabledReason, StringComparison.Ordinal);
        Assert.Equal((0, 1), (_metrics.TenantTable.WithLabels("ready").Value, _metrics.TenantTable.WithLabels("refused").Value));
    }

    [Fact]
    public void A_listing_removes_tenants_it_no_longer_has_unless_an_event_is_newer()
    {
        _feed.ApplyListing([State("a", TenantStatus.Ready, "eu"), State("b", TenantStatus.Ready, "eu")], T0);
        _feed.Apply(State("c", TenantStatus.Ready, "eu"), T0.AddSeconds(10));

        _feed.ApplyListing([State("a", TenantStatus.Ready, "eu")], T0.AddSeconds(5));

        Assert.True(_directory.Current.TryGet("a", out _));
        Assert.False(_directory.Current.TryGet("b", out _));
        Assert.True(_directory.Current.TryGet("c", out _), "c came by an event newer than the listing");
    }

    [Fact]
    public void A_gateway_of_one_seed_keeps_only_that_seeds_tenants()
    {
        var feed = new TenantFeed(_directory, MsOptions.Create(new GatewayOptions { Seeds = ["eu"] }), _metrics, NullLogger<TenantFeed>.Instance);

        feed.ApplyListing([State("a", TenantStatus.Ready, "eu"), State("b", TenantStatus.Ready, "us")], T0);

        Assert.Equal(["a"], _directory.Current.Tenants.Select(t => t.Id));
        Assert.False(feed.Apply(State("c", TenantStatus.Ready, "us"), T0.AddSeconds(1)));
    }

    [Fact]
    public void The_limits_and_token_of_a_ready_tenant_come_from_its_state()
    {
        var token = TenantAuthenticatorTests.Sha256("token-of-a");
        _feed.ApplyListing([State("a", TenantStatus.Ready, "eu", rate: 123, burst: 456) with { TokenSha256 = token }], T0);

        Assert.True(_directory.Current.TryGet("a", out var tenant));
        Assert.Equal(123, tenant.Limits.IngestionRate);
        Assert.Equal(456, tenant.Limits.IngestionBurstSize);
        Assert.True(_directory.Current.TryFindByToken(TokenDigest.Of("token-of-a"), out _));
    }

    [Fact]
    public void A_deleted_tenants_token_is_not_accepted()
    {
        var token = TenantAuthenticatorTests.Sha256("token-of-a");
        _feed.ApplyListing([State("a", TenantStatus.Ready, "eu") with { TokenSha256 = token }], T0);
        _feed.Apply(State("a", TenantStatus.Deprovisioning, "eu") with { TokenSha256 = token }, T0.AddSeconds(1));

        var result = Authenticator().Authenticate(null, "Bearer token-of-a", null);

        Assert.Equal(401, result.Status);
    }

    [Fact]
    public void Only_an_accepted_certificate_of_the_tenants_own_seed_is_accepted()
    {
        using var current = _seedEu.IssueClient("a", TimeSpan.FromDays(1), _time);
        using var revoked = _seedEu.IssueClient("a", TimeSpan.FromDays(1), _time);
        using var otherSeed = _seedUs.IssueClient("a", TimeSpan.FromDays(1), _time);
        _feed.ApplyListing([State("a", TenantStatus.Ready, "eu", serials: [current.SerialNumber])], T0);
        var authenticator = Authenticator();

        Assert.True(authenticator.Authenticate(current, null, null).Succeeded);
        var refusedRevoked = authenticator.Authenticate(revoked, null, null);
        var refusedSeed = authenticator.Authenticate(otherSeed, null, null);

        Assert.Equal((401, $"the client certificate {revoked.SerialNumber} is revoked or not issued to tenant 'a'"), (refusedRevoked.Status, refusedRevoked.Reason));
        Assert.Equal((401, "the client certificate is not issued by a CA trusted for seed 'eu'"), (refusedSeed.Status, refusedSeed.Reason));
    }

    [Fact]
    public void A_deprovisioned_tenants_certificate_is_refused_at_once()
    {
        using var certificate = _seedEu.IssueClient("a", TimeSpan.FromDays(1), _time);
        _feed.ApplyListing([State("a", TenantStatus.Ready, "eu", serials: [certificate.SerialNumber])], T0);
        var authenticator = Authenticator();
        Assert.True(authenticator.Authenticate(certificate, null, null).Succeeded);

        _feed.Apply(State("a", TenantStatus.Deprovisioning, "eu"), T0.AddSeconds(1));
        var result = authenticator.Authenticate(certificate, null, null);

        Assert.Equal((403, "tenant 'a' is Deprovisioning, not Ready"), (result.Status, result.Reason));
    }

    [Fact]
    public void A_seed_CA_learnt_later_is_used_for_connections_verified_before()
    {
        var trust = new ClientTrust(ClientCaBundle.Empty());
        var verifier = new ClientCertificateVerifier(trust, _time);
        using var certificate = _seedEu.IssueClient("a", TimeSpan.FromDays(1), _time);
        Assert.False(verifier.Verify(certificate).IsValid);

        Assert.True(trust.SetSeedAuthorities("eu", _seedEu.Certificate.ExportCertificatePem(), T0).Changed);
        Assert.False(trust.SetSeedAuthorities("eu", _seedEu.Certificate.ExportCertificatePem(), T0.AddSeconds(1)).Changed);

        var verdict = verifier.Verify(certificate);
        Assert.True(verdict.IsValid, verdict.Failure);
        Assert.True(trust.Current.IsSeedAuthority("eu", verdict.RootThumbprint));
    }

    public void Dispose()
    {
        _seedEu.Dispose();
        _seedUs.Dispose();
    }

    private TenantAuthenticator Authenticator() =>
        new(_directory, new ClientCertificateVerifier(_trust, _time), _trust, MsOptions.Create(new GatewayOptions()));

    private static TenantState State(string id, TenantStatus status, string seed, string[]? serials = null, long? rate = null, long? burst = null) =>
        new(
            id,
            id,
            seed,
            "p1",
            status,
            new TenantLimits(MonitoringLimits.Defaults with { IngestionRate = rate, IngestionBurstSize = burst }, LoggingLimits.Defaults),
            serials?.FirstOrDefault(),
            null,
            T0)
        {
            AcceptedCertificates = [.. (serials ?? []).Select(s => new TenantCertificate(s, T0.AddDays(1)))],
        };
}

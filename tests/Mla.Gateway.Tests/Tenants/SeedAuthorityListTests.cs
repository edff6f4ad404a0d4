using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mla.Certificates;
using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Gateway.Auth;
using Mla.Gateway.Observability;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tests.Support;
using Mla.Gateway.Tls;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Mla.Gateway.Tests.Tenants;

/// <summary>
/// The gateway follows each seed's CA list across a rotation: the new CA is trusted beside the old one, a dropped CA
/// is no longer trusted, an older list never undoes a newer one, and an agent on a superseded certificate is asked
/// to reconnect.
/// </summary>
public sealed class SeedAuthorityListTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly CertificateAuthority _old;
    private readonly CertificateAuthority _new;
    private readonly TenantDirectory _directory = new();
    private readonly ClientTrust _trust = new(ClientCaBundle.Empty());
    private readonly TenantFeed _feed;

    public SeedAuthorityListTests()
    {
        var earlier = new FakeTimeProvider(_time.GetUtcNow().AddDays(-3));
        _old = CertificateAuthority.Create("MLA tenants CA eu", TimeSpan.FromDays(30), earlier);
        _new = CertificateAuthority.Create("MLA tenants CA eu g2", TimeSpan.FromDays(30), earlier);
        _feed = new TenantFeed(
            _directory,
            MsOptions.Create(new GatewayOptions()),
            new GatewayMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())),
            NullLogger<TenantFeed>.Instance);
    }

    [Fact]
    public void Across_a_rotation_both_CAs_are_trusted_and_after_it_only_the_new_one()
    {
        using var before = _old.IssueClient("a", TimeSpan.FromDays(1), _time);
        using var after = _new.IssueClient("a", TimeSpan.FromDays(1), _time);
        _trust.SetSeedAuthorities("eu", Pem(_old), T0);
        _feed.ApplyListing([Ready("a", after.SerialNumber, before.SerialNumber)], T0);

        var added = _trust.SetSeedAuthorities("eu", Pem(_new, _old), T0.AddSeconds(1));
        Assert.Equal(new SeedAuthorityChange(1, 0, 2), added);
        Assert.True(Authenticator().Authenticate(before, null, null).Succeeded);
        Assert.True(Authenticator().Authenticate(after, null, null).Succeeded);

        var dropped = _trust.SetSeedAuthorities("eu", Pem(_new), T0.AddSeconds(2));
        Assert.Equal(new SeedAuthorityChange(0, 1, 1), dropped);
        var refused = Authenticator().Authenticate(before, null, null);
        Assert.Equal(401, refused.Status);
        Assert.StartsWith("client certificate refused: the certificate is not issued by a trusted client CA", refused.Reason, StringComparison.Ordinal);
        Assert.True(Authenticator().Authenticate(after, null, null).Succeeded);
        Assert.Equal(1, _trust.Current.SeedAuthorityCount);
    }

    [Fact]
    public void A_connection_verified_before_the_old_CA_was_dropped_is_refused_on_its_next_request()
    {
        using var before = _old.IssueClient("a", TimeSpan.FromDays(1), _time);
        _trust.SetSeedAuthorities("eu", Pem(_new, _old), T0);
        _feed.ApplyListing([Ready("a", before.SerialNumber)], T0);
        var authenticator = Authenticator();
        Assert.True(authenticator.Authenticate(before, null, null).Succeeded);

        _trust.SetSeedAuthorities("eu", Pem(_new), T0.AddSeconds(1));

        Assert.Equal(401, authenticator.Authenticate(before, null, null).Status);
    }

    [Fact]
    public void An_older_list_changes_nothing_and_the_same_list_again_is_no_change()
    {
        _trust.SetSeedAuthorities("eu", Pem(_new), T0.AddSeconds(10));

        Assert.False(_trust.SetSeedAuthorities("eu", Pem(_new, _old), T0.AddSeconds(5)).Changed);
        Assert.False(_trust.SetSeedAuthorities("eu", Pem(_new), T0.AddSeconds(11)).Changed);
        Assert.Equal([_new.Certificate.Thumbprint], _trust.Current.SeedAuthorities["eu"].Select(c => c.Thumbprint));
        Assert.Equal(T0.AddSeconds(11), _trust.SeedAuthoritiesAsOf("eu"));
        Assert.Null(_trust.SeedAuthoritiesAsOf("us"));
    }

    [Fact]
    public void A_CA_of_another_seed_does_not_vouch_for_this_seeds_tenant()
    {
        using var foreign = _new.IssueClient("a", TimeSpan.FromDays(1), _time);
        _trust.SetSeedAuthorities("eu", Pem(_old), T0);
        _trust.SetSeedAuthorities("us", Pem(_new), T0);
        _feed.ApplyListing([Ready("a", foreign.SerialNumber)], T0);

        var result = Authenticator().Authenticate(foreign, null, null);

        Assert.Equal((401, "the client certificate is not issued by a CA trusted for seed 'eu'"), (result.Status, result.Reason));
    }

    [Fact]
    public void An_agent_on_a_superseded_certificate_is_asked_to_reconnect_and_one_on_the_newest_is_not()
    {
        using var older = _old.IssueClient("a", TimeSpan.FromDays(1), _time);
        using var newest = _new.IssueClient("a", TimeSpan.FromDays(1), _time);
        _trust.SetSeedAuthorities("eu", Pem(_new, _old), T0);
        _feed.ApplyListing([Ready("a", newest.SerialNumber, older.SerialNumber)], T0);

        var onOlder = Authenticator().Authenticate(older, null, null);
        var onNewest = Authenticator().Authenticate(newest, null, null);

        Assert.True(onOlder.Succeeded);
        Assert.True(onOlder.ReconnectWithNewCertificate);
        Assert.True(onNewest.Succeeded);
        Assert.False(onNewest.ReconnectWithNewCertificate);
    }

    [Fact]
    public void A_bundle_without_a_certificate_is_refused_with_the_seed_named()
    {
        var error = Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => _trust.SetSeedAuthorities("eu", "not a pem", T0));

        Assert.Contains("seed 'eu'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }

    private static string Pem(params CertificateAuthority[] authorities) =>
        string.Concat(authorities.Select(a => a.Certificate.ExportCertificatePem() + "\n"));

    private TenantAuthenticator Authenticator() =>
        new(_directory, new ClientCertificateVerifier(_trust, _time), _trust, MsOptions.Create(new GatewayOptions()));

    /// <summary>A Ready tenant of seed eu; the first serial is its newest certificate.</summary>
    private static TenantState Ready(string id, params string[] serials) =>
        new(id, id, "eu", "p1", TenantStatus.Ready, new TenantLimits(MonitoringLimits.Defaults, LoggingLimits.Defaults), serials[0], T0.AddDays(1), T0)
        {
            AcceptedCertificates = [.. serials.Select(s => new TenantCertificate(s, T0.AddDays(1)))],
        };
}

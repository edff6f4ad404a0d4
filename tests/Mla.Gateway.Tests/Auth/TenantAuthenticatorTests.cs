using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mla.Certificates;
using Mla.Gateway.Auth;
using Mla.Gateway.Limits;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tests.Support;
using Mla.Gateway.Tls;

namespace Mla.Gateway.Tests.Auth;

public sealed class TenantAuthenticatorTests : IDisposable
{
    private readonly FakeTimeProvider _time = TestTime.Clock();
    private readonly CertificateAuthority _ca;
    private readonly CertificateAuthority _otherCa;
    private readonly ClientCaBundle _bundle;

    public TenantAuthenticatorTests()
    {
        var earlier = new FakeTimeProvider(_time.GetUtcNow().AddDays(-3));
        _ca = CertificateAuthority.Create("mla-test-ca", TimeSpan.FromDays(30), earlier);
        _otherCa = CertificateAuthority.Create("someone-else", TimeSpan.FromDays(30), earlier);
        var certificate = X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData);
        _bundle = new ClientCaBundle([certificate]);
    }

    public static string Sha256(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [Fact]
    public void A_client_certificate_names_its_tenant()
    {
        using var certificate = _ca.IssueClient("a", TimeSpan.FromDays(1), _time);

        var result = Authenticator().Authenticate(certificate, null, null);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal("a", result.Tenant!.Id);
    }

    [Fact]
    public void A_certificate_with_another_tenant_in_XScopeOrgID_is_forbidden_and_the_same_one_is_fine()
    {
        using var certificate = _ca.IssueClient("a", TimeSpan.FromDays(1), _time);
        var authenticator = Authenticator(trustTenantHeader: true);

        var other = authenticator.Authenticate(certificate, null, "b");
        var same = authenticator.Authenticate(certificate, null, "a");

        Assert.Equal(403, other.Status);
        Assert.Contains("X-Scope-OrgID names another tenant than the client certificate", other.Reason, StringComparison.Ordinal);
        Assert.Equal("a", same.Tenant?.Id);
    }

    [Fact]
    public void Certificates_the_bundle_does_not_vouch_for_are_refused()
    {
        using var foreign = _otherCa.IssueClient("a", TimeSpan.FromDays(1), _time);
        using var server = _ca.IssueServer("gateway", ["127.0.0.1"], TimeSpan.FromDays(1), _time);
        using var expired = _ca.IssueClient("a", TimeSpan.FromHours(1), new FakeTimeProvider(_time.GetUtcNow().AddDays(-2)));
        using var caItself = X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData);
        var authenticator = Authenticator();

        Assert.Contains("not issued by a trusted client CA", Refused(authenticator.Authenticate(foreign, null, null)), StringComparison.Ordinal);
        Assert.Contains("client-authentication extended key usage", Refused(authenticator.Authenticate(server, null, null)), StringComparison.Ordinal);
        Assert.Contains("the certificate expired at", Refused(authenticator.Authenticate(expired, null, null)), StringComparison.Ordinal);
        Assert.Contains("extended key usage", Refused(authenticator.Authenticate(caItself, null, null)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_expires_during_a_connection_is_refused_from_then_on()
    {
        using var certificate = _ca.IssueClient("a", TimeSpan.FromHours(1), _time);
        var authenticator = Authenticator();
        Assert.True(authenticator.Authenticate(certificate, null, null).Succeeded);

        _time.Advance(TimeSpan.FromHours(2));

        Assert.Contains("expired", Refused(authenticator.Authenticate(certificate, null, null)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_for_an_unknown_tenant_is_unauthenticated_and_a_disabled_one_forbidden()
    {
        using var unknown = _ca.IssueClient("nobody", TimeSpan.FromDays(1), _time);
        using var disabled = _ca.IssueClient("off", TimeSpan.FromDays(1), _time);

        Assert.Equal((401, "unknown tenant 'nobody'"), Decision(Authenticator().Authenticate(unknown, null, null)));
        Assert.Equal((403, "tenant 'off' is disabled"), Decision(Authenticator().Authenticate(disabled, null, null)));
    }

    [Fact]
    public void A_bearer_token_names_its_tenant()
    {
        var result = Authenticator().Authenticate(null, "Bearer token-of-b", null);

        Assert.Equal("b", result.Tenant?.Id);
        Assert.Equal("b", Authenticator().Authenticate(null, "bearer   token-of-b  ", null).Tenant?.Id);
    }

    [Theory]
    [InlineData("Bearer wrong", "unknown bearer token")]
    [InlineData("Bearer ", "must be 'Bearer <token>'")]
    [InlineData("Basic dXNlcjpwYXNz", "must be 'Bearer <token>'")]
    [InlineData("token-of-b", "must be 'Bearer <token>'")]
    public void Bad_or_unknown_tokens_are_unauthenticated(string authorization, string reason)
    {
        var result = Authenticator().Authenticate(null, authorization, null);

        Assert.Equal(401, result.Status);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_another_tenant_in_XScopeOrgID_or_another_tenants_certificate_is_forbidden()
    {
        using var certificate = _ca.IssueClient("a", TimeSpan.FromDays(1), _time);

        Assert.Equal(403, Authenticator().Authenticate(null, "Bearer token-of-b", "a").Status);
        Assert.Equal(403, Authenticator().Authenticate(certificate, "Bearer token-of-b", null).Status);
        Assert.Equal("b", Authenticator().Authenticate(null, "Bearer token-of-b", "b").Tenant?.Id);
    }

    [Fact]
    public void XScopeOrgID_alone_counts_only_when_trusted()
    {
        Assert.Equal(401, Authenticator(trustTenantHeader: false).Authenticate(null, null, "a").Status);
        Assert.Equal("a", Authenticator(trustTenantHeader: true).Authenticate(null, null, "a").Tenant?.Id);
        Assert.Equal((401, "unknown tenant 'zzz'"), Decision(Authenticator(trustTenantHeader: true).Authenticate(null, null, "zzz")));
        Assert.Contains("not a valid tenant id", Authenticator(trustTenantHeader: true).Authenticate(null, null, "a|b").Reason, StringComparison.Ordinal);
        Assert.Equal(403, Authenticator(trustTenantHeader: true).Authenticate(null, null, "off").Status);
    }

    [Fact]
    public void Without_credentials_the_request_is_unauthenticated()
    {
        var result = Authenticator(trustTenantHeader: true).Authenticate(null, null, null);

        Assert.Equal(401, result.Status);
        Assert.StartsWith("no credentials", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_an_empty_bundle_every_certificate_is_refused()
    {
        using var certificate = _ca.IssueClient("a", TimeSpan.FromDays(1), _time);
        var trust = new ClientTrust(ClientCaBundle.Empty());
        var authenticator = new TenantAuthenticator(Directory(), new ClientCertificateVerifier(trust, _time), trust, Options(false));

        Assert.Contains("trusts no client CA", Refused(authenticator.Authenticate(certificate, null, null)), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _bundle.Dispose();
        _ca.Dispose();
        _otherCa.Dispose();
    }

    private static string? Refused(AuthenticationResult result)
    {
        Assert.Equal(401, result.Status);
        return result.Reason;
    }

    private static (int, string?) Decision(AuthenticationResult result) => (result.Status, result.Reason);

    private static TenantDirectory Directory()
    {
        var limits = TenantLimits.Resolve(new LimitsOptions(), null);
        Assert.True(TokenDigest.TryParseHex(Sha256("token-of-b"), out var tokenOfB));
        var directory = new TenantDirectory();
        directory.Replace(new TenantSnapshot(
        [
            new Tenant("a", false, null, limits),
            new Tenant("b", false, tokenOfB, limits),
            new Tenant("off", true, null, limits),
        ]));
        return directory;
    }

    private static Microsoft.Extensions.Options.IOptions<GatewayOptions> Options(bool trustTenantHeader) =>
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions { TrustTenantHeader = trustTenantHeader });

    private TenantAuthenticator Authenticator(bool trustTenantHeader = false)
    {
        var trust = new ClientTrust(_bundle);
        return new(Directory(), new ClientCertificateVerifier(trust, _time), trust, Options(trustTenantHeader));
    }
}

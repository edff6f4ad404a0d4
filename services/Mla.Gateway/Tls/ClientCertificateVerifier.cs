using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.Tls;

/// <summary>
/// Verifies a client certificate against the trusted client CAs only (the configured bundle and the seeds' CAs; no
/// system roots): chain, validity time, client-auth extended key usage, not a CA; the tenant is its subject CN.
/// Revocation is by allow-list: the authenticator also requires the serial to be one the tenant service lists as
/// accepted. Kestrel accepts any certificate at the handshake so that this code decides and the client gets a 401
/// with the reason. A verdict is kept per certificate object (i.e. per TLS connection) and trust set; the validity
/// time is re-checked on every request.
/// </summary>
public sealed class ClientCertificateVerifier(ClientTrust trust, TimeProvider time)
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    public CertificateVerification Verify(X509Certificate2 certificate)
    {
        var set = trust.Current;
        var verdict = set.Verdicts.GetValue(certificate, c => Build(c, set));
        if (!verdict.IsValid)
        {
            return verdict;
        }

        var now = time.GetUtcNow();
        return now < verdict.NotBefore ? CertificateVerification.Invalid($"the certificate is not valid before {verdict.NotBefore:u}")
            : now > verdict.NotAfter ? CertificateVerification.Invalid($"the certificate expired at {verdict.NotAfter:u}")
            : verdict;
    }

    private CertificateVerification Build(X509Certificate2 certificate, ClientTrustSet set)
    {
        if (set.IsEmpty)
        {
            return CertificateVerification.Invalid("this gateway trusts no client CA yet (Mla:Gateway:Tls:ClientCaBundlePath, or a seed's CA from the tenant service)");
        }

        var now = time.GetUtcNow();
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now > notAfter)
        {
            return CertificateVerification.Invalid($"the certificate expired at {notAfter:u}");
        }

        if (now < notBefore)
        {
            return CertificateVerification.Invalid($"the certificate is not valid before {notBefore:u}");
        }

        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (usage is null || !usage.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == ClientAuth.Value))
        {
            return CertificateVerification.Invalid("the certificate does not have the client-authentication extended key usage");
        }

        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(constraints => constraints.CertificateAuthority))
        {
            return CertificateVerification.Invalid("a CA certificate cannot be a client certificate");
        }

        var (chainFailure, root) = VerifyChain(certificate, set, now);
        if (chainFailure is not null)
        {
            return CertificateVerification.Invalid(chainFailure);
        }

        var tenant = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return TenantId.IsValid(tenant)
            ? CertificateVerification.Valid(tenant, notBefore, notAfter) with { Serial = certificate.SerialNumber, RootThumbprint = root }
            : CertificateVerification.Invalid($"the certificate's common name '{tenant}' is not a valid tenant id");
    }

    private static (string? Failure, string? RootThumbprint) VerifyChain(X509Certificate2 certificate, ClientTrustSet set, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(set.Roots);
        policy.ExtraStore.AddRange(set.Intermediates);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.ApplicationPolicy.Add(ClientAuth);
        try
        {
            if (chain.Build(certificate))
            {
                return (null, chain.ChainElements[^1].Certificate.Thumbprint);
            }

            var reasons = chain.ChainStatus
                .Where(status => status.Status != X509ChainStatusFlags.NoError)
                .Select(status => status.StatusInformation.Trim())
                .Distinct();
            return ($"the certificate is not issued by a trusted client CA: {string.Join("; ", reasons)}", null);
        }
        catch (CryptographicException ex)
        {
            return ($"the certificate chain cannot be built: {ex.Message}", null);
        }
    }
}

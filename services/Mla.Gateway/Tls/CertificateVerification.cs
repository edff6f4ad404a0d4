namespace Mla.Gateway.Tls;

/// <summary>
/// The verdict on a client certificate: the tenant it names, its serial and the thumbprint of the CA its chain ends
/// in, or why it is refused.
/// </summary>
public sealed record CertificateVerification(string? TenantId, string? Failure, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public bool IsValid => Failure is null;

    public string? Serial { get; init; }

    public string? RootThumbprint { get; init; }

    public static CertificateVerification Valid(string tenantId, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        new(tenantId, null, notBefore, notAfter);

    public static CertificateVerification Invalid(string failure) => new(null, failure, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
}

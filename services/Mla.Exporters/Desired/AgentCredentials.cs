namespace Mla.Exporters.Desired;

/// <summary>
/// What the agents authenticate with at the seed's gateway, and <see cref="CaBundlePem"/>: the CA that signed the
/// gateway's server certificate (empty: the agents use their system trust store). Secret: never log it.
/// </summary>
public sealed record AgentCredentials(string CertificatePem, string PrivateKeyPem, string CaBundlePem)
{
    /// <summary>Whether the agents get a CA file to verify the gateway with (else their system trust store).</summary>
    public bool HasCaBundle => CaBundlePem.Length > 0;

    /// <summary>No secret material in logs or exception messages.</summary>
    public override string ToString() => "AgentCredentials { *** }";
}

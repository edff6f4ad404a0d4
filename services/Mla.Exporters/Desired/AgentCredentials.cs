namespace Mla.Exporters.Desired;

/// <summary>What the agents authenticate with at the seed's gateway. Secret: never log it.</summary>
public sealed record AgentCredentials(string CertificatePem, string PrivateKeyPem, string CaBundlePem)
{
    /// <summary>No secret material in logs or exception messages.</summary>
    public override string ToString() => "AgentCredentials { *** }";
}

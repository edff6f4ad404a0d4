namespace Mla.Host.Embedded;

/// <summary>The part of the tenant service's credentials answer that a demo agent needs (its server CA is the development one).</summary>
internal sealed record AgentCredentials(string CertificatePem, string PrivateKeyPem);

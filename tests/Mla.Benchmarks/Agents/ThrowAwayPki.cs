using Mla.Tenants.Client;
using Mla.TestSupport.Certificates;

namespace Mla.Benchmarks.Agents;

/// <summary>
/// A throw-away CA and client certificate as real PEM, standing in for what the tenant service issues: the rendered
/// configuration names the files (the agents load them at start), while the receiver here is plain HTTP.
/// </summary>
internal static class ThrowAwayPki
{
    public static TenantCredentials Issue(string clusterId)
    {
        var issued = ThrowAwayClientCertificate.Issue(clusterId, "mla-bench-ca");
        return new TenantCredentials(issued.CertificatePem, issued.PrivateKeyPem, issued.CaPem, BearerToken: null, GatewayUrl: null);
    }
}

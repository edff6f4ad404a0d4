using Mla.Exporters.Desired;
using Mla.TestSupport.Certificates;

namespace Mla.Exporters.Tests.Support;

/// <summary>A throw-away CA and client certificate, as real PEM (the agents' checks parse the files they name).</summary>
public static class TestPki
{
    public static AgentCredentials Create(string clusterId)
    {
        var issued = ThrowAwayClientCertificate.Issue(clusterId);
        return new AgentCredentials(issued.CertificatePem, issued.PrivateKeyPem, issued.CaPem);
    }
}

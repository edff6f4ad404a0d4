namespace Mla.Exporters.Agents;

/// <summary>Where the agents find their files inside their pods (the embedded default rewrites these for the machine).</summary>
public static class AgentPaths
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string ServiceAccountToken = ServiceAccountDirectory + "/token";
    public const string ServiceAccountCa = ServiceAccountDirectory + "/ca.crt";
    public const string ConfigDirectory = "/etc/mla/config";
    public const string CredentialsDirectory = "/etc/mla/tls";
    public const string ClientCertificate = CredentialsDirectory + "/tls.crt";
    public const string ClientKey = CredentialsDirectory + "/tls.key";
    public const string CaBundle = CredentialsDirectory + "/ca.crt";
    public const string BufferDirectory = "/var/lib/mla/buffer";
    public const string PodLogs = "/var/log/pods";
    public const string RemoteWritePath = "api/v1/push";
    public const string LokiPushPath = "loki/api/v1/push";
}
